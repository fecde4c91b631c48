import { RipcordError, TransientError } from "../errors/index.ts";

/** What the SDK's service errors and Node's network errors carry; read defensively, never trusted. */
interface SdkErrorFields {
  name?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

// The SDK's own throttling and transient codes (@smithy/service-error-classification), kept here so
// a throttle that survived the SDK's retries still leaves as TransientError for the state Retry.
const THROTTLING = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT = new Set([
  "AbortError",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "ServiceUnavailable",
  "InternalFailure",
]);
const NETWORK = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

function fields(error: unknown): SdkErrorFields {
  return typeof error === "object" && error !== null ? error : {};
}

/** The AWS error code ("ResourceNotFoundException"), or the JS error name. */
export function errorName(error: unknown): string {
  const name = fields(error).name;
  return typeof name === "string" ? name : "UnknownError";
}

export function httpStatus(error: unknown): number | undefined {
  const status = fields(error).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

/** Throttling, a 5xx, a timeout or a network fault: worth trying again later. */
export function isTransient(error: unknown): boolean {
  const name = errorName(error);
  const code = fields(error).code;
  const status = httpStatus(error);
  return (
    THROTTLING.has(name) ||
    TRANSIENT.has(name) ||
    (typeof code === "string" && NETWORK.has(code)) ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

/** "ThrottlingException, HTTP 429": the code and status only, never the service's message body. */
function summary(error: unknown): string {
  const status = httpStatus(error);
  return status === undefined ? errorName(error) : `${errorName(error)}, HTTP ${status}`;
}

/** Maps an SDK error to a typed error for the cases a caller acts on; undefined leaves the default. */
export type Translate = (name: string, error: unknown) => Error | undefined;

/**
 * Runs one AWS call. Failures leave as typed errors that keep the SDK error as `cause` but put only
 * its code in the message: AWS error bodies may name internals and are not for people to read.
 */
export async function awsCall<T>(
  operation: string,
  call: () => Promise<T>,
  translate?: Translate,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const specific = translate?.(errorName(error), error);
    if (specific) throw specific;
    if (isTransient(error)) {
      throw new TransientError(`${operation} failed after retries (${summary(error)})`, {
        cause: error,
      });
    }
    throw new RipcordError(`${operation} failed (${summary(error)})`, { cause: error });
  }
}

/** Like awsCall, but an error with one of `codes` is an expected outcome and resolves to undefined. */
export function awsCallTolerating<T>(
  operation: string,
  codes: readonly string[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  return awsCall(operation, async () => {
    try {
      return await call();
    } catch (error) {
      if (codes.includes(errorName(error))) return undefined;
      throw error;
    }
  });
}
