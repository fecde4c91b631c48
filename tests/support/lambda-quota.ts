import { TokenBucket } from "@ripcord/core/aws";

/*
 * Lambda's API quota per account and region, emulated for the fault proxy and the bench (moto has
 * none). The Lambda quotas page: "Control plane API requests (excludes invocation, GetFunction, and
 * GetPolicy requests) 15 requests per second"; GetFunction 100 per second; invocations are not
 * counted here. AWS documents the rate, not the burst: a bucket of one second's worth, full at
 * the start. Beyond it Lambda answers TooManyRequestsException (HTTP 429) with Retry-After
 * (API_GetAlias.html, Errors), and so does this.
 */

export const CONTROL_PLANE_PER_SECOND = 15;
export const GET_FUNCTION_PER_SECOND = 100;

/** Operations outside the control-plane budget: invocations and GetPolicy (GetFunction has its own). */
const UNCOUNTED = new Set(["Invoke", "InvokeAsync", "InvokeWithResponseStream", "GetPolicy"]);

export interface LambdaQuota {
  /** Takes the operation's token, or says how long until one: the caller answers 429. */
  admit(operation: string): { admitted: true } | { admitted: false; retryAfterSeconds: number };
  /** Requests refused, by operation. */
  throttled: Map<string, number>;
  /** Full buckets again, as after a quiet second (between bench runs). */
  refill(): void;
}

export function lambdaQuota(clock: { now?: () => number } = {}): LambdaQuota {
  const make = (): { controlPlane: TokenBucket; getFunction: TokenBucket } => ({
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
  });
  let buckets = make();
  const throttled = new Map<string, number>();
  return {
    admit(operation) {
      if (UNCOUNTED.has(operation)) return { admitted: true };
      const bucket = operation === "GetFunction" ? buckets.getFunction : buckets.controlPlane;
      if (bucket.tryTake()) return { admitted: true };
      throttled.set(operation, (throttled.get(operation) ?? 0) + 1);
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(bucket.waitMs() / 1000)) };
    },
    throttled,
    refill() {
      buckets = make();
    },
  };
}

/** Lambda's throttle as its REST-JSON protocol writes it, with Retry-After in seconds. */
export function throttleResponse(retryAfterSeconds: number): {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
} {
  return {
    status: 429,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": "TooManyRequestsException",
      "retry-after": String(retryAfterSeconds),
    },
    body: Buffer.from(
      JSON.stringify({
        Type: "User",
        message: "Rate exceeded",
        Reason: "CallerRateLimitExceeded",
        retryAfterSeconds: String(retryAfterSeconds),
      }),
    ),
  };
}
