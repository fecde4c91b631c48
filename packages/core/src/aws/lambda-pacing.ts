import { maxAttempts } from "./clients.ts";
import { errorName, httpStatus, isTransient } from "./failure.ts";
import { TokenBucket, type TokenBucketOptions } from "./token-bucket.ts";

/*
 * Lambda's API quotas per account and region (Lambda quotas page,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests):
 * "Control plane API requests (excludes invocation, GetFunction, and GetPolicy requests)
 * 15 requests per second" and "GetFunction API requests 100 requests per second". AWS documents the
 * rate, not the burst: Lambda's bucket is taken to hold one second's worth. Ours paces at the rate
 * but bursts a third of a second less: Lambda counts a request when it arrives, we when we send it,
 * and the time in between varies (signing, a busy event loop, the network); without headroom a
 * request sent on time can arrive with others sent before it and be throttled. The larger cause of
 * bunched arrivals was a queue for sockets in the HTTP agent (lambda-client.ts); with it gone, the
 * bench's 50- and 200-function runs met no throttle with this burst (nor with 5, which cost the
 * 10-function service a third of a second more).
 *
 * Resolve and Shift each make all of a service's Lambda calls in one invocation, so each paces its
 * own calls here instead of firing them together and leaving the SDK to retry a throttle storm.
 * The pacing is also the only retry path of these calls (their client makes one attempt per send,
 * lambda-client.ts): a retry takes a token like any call, and a throttle empties the bucket first,
 * since Lambda just said the budget is spent. The SDK's own retry would wait its backoff and send
 * again outside the bucket, taking a token from the calls queued behind it.
 */
export const CONTROL_PLANE_PER_SECOND = 15;
export const GET_FUNCTION_PER_SECOND = 100;
/** Headroom for the variance between sending a request and Lambda receiving it, in seconds of budget. */
const HEADROOM_SECONDS = 1 / 3;
/** Calls let out at once: 10 of the control plane's 15, 66 of GetFunction's 100. */
export const CONTROL_PLANE_BURST = Math.floor(CONTROL_PLANE_PER_SECOND * (1 - HEADROOM_SECONDS));
export const GET_FUNCTION_BURST = Math.floor(GET_FUNCTION_PER_SECOND * (1 - HEADROOM_SECONDS));

export type LambdaBudget = "controlPlane" | "getFunction";

type Clock = Pick<TokenBucketOptions, "now" | "sleep">;

/** The SDK's standard mode backs off from 100 ms (DEFAULT_RETRY_DELAY_BASE in @smithy/core/retry); so does this, with full jitter. */
const TRANSIENT_BACKOFF_BASE_MS = 100;

function buckets(clock: Clock = {}): Record<LambdaBudget, TokenBucket> {
  return {
    controlPlane: new TokenBucket({
      capacity: CONTROL_PLANE_BURST,
      perSecond: CONTROL_PLANE_PER_SECOND,
      ...clock,
    }),
    getFunction: new TokenBucket({
      capacity: GET_FUNCTION_BURST,
      perSecond: GET_FUNCTION_PER_SECOND,
      ...clock,
    }),
  };
}

let current = buckets();
let sleep: (ms: number) => Promise<void> = (ms) =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Fresh, full buckets on the given clock (tests), or on the real one. */
export function resetPacing(clock?: Clock): void {
  current = buckets(clock);
  sleep = clock?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
}

/** Lambda's throttle (TooManyRequestsException, HTTP 429): the budget is spent, not the service unwell. */
function isThrottle(error: unknown): boolean {
  return errorName(error) === "TooManyRequestsException" || httpStatus(error) === 429;
}

/**
 * Throttles retried before giving up. A throttle costs one token's wait (the bucket is emptied, so
 * the retry goes out when Lambda's own bucket has refilled one), and the alternative is worse: a
 * call that gives up fails its step, and the step's Retry runs every call of the service again.
 */
export const THROTTLE_RETRIES = 10;

/**
 * Waits for the budget's token, then makes the call. A transient failure is tried again, as many
 * times in all as the SDK would (AWS_MAX_ATTEMPTS, default 3); a throttle up to THROTTLE_RETRIES
 * more times; every attempt with a token of its own. The last failure is thrown as it came: the
 * adapter's awsCall types it.
 */
export async function paced<T>(budget: LambdaBudget, call: () => Promise<T>): Promise<T> {
  const attempts = maxAttempts();
  let failures = 0;
  let throttles = 0;
  for (;;) {
    const bucket = current[budget];
    await bucket.take();
    try {
      return await call();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (isThrottle(error)) {
        if (++throttles > THROTTLE_RETRIES) throw error;
        bucket.drain();
      } else {
        if (++failures >= attempts) throw error;
        await sleep(Math.random() * TRANSIENT_BACKOFF_BASE_MS * 2 ** (failures - 1));
      }
    }
  }
}
