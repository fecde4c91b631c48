import { TokenBucket, type TokenBucketOptions } from "./token-bucket.ts";

/*
 * Lambda's API quotas per account and region (Lambda quotas page,
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests):
 * "Control plane API requests (excludes invocation, GetFunction, and GetPolicy requests)
 * 15 requests per second" and "GetFunction API requests 100 requests per second". AWS documents the
 * rate, not the burst: the buckets hold one second's worth, full at the start.
 *
 * Resolve and Shift each make all of a service's Lambda calls in one invocation, so each paces its
 * own calls here instead of firing them together and leaving the SDK to retry a throttle storm.
 */
export const CONTROL_PLANE_PER_SECOND = 15;
export const GET_FUNCTION_PER_SECOND = 100;

export type LambdaBudget = "controlPlane" | "getFunction";

type Clock = Pick<TokenBucketOptions, "now" | "sleep">;

function buckets(clock: Clock = {}): Record<LambdaBudget, TokenBucket> {
  return {
    controlPlane: new TokenBucket({
      capacity: CONTROL_PLANE_PER_SECOND,
      perSecond: CONTROL_PLANE_PER_SECOND,
      ...clock,
    }),
    getFunction: new TokenBucket({
      capacity: GET_FUNCTION_PER_SECOND,
      perSecond: GET_FUNCTION_PER_SECOND,
      ...clock,
    }),
  };
}

let current = buckets();

/** Fresh, full buckets on the given clock (tests), or on the real one. */
export function resetPacing(clock?: Clock): void {
  current = buckets(clock);
}

/** Waits for the budget's token, then makes the call. */
export async function paced<T>(budget: LambdaBudget, call: () => Promise<T>): Promise<T> {
  await current[budget].take();
  return call();
}
