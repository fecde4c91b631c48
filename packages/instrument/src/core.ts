/**
 * The one piece every entry point shares: from a Lambda context and an outcome, one CloudWatch
 * Embedded Metric Format line. Kept free of imports so each entry point bundles to well under 2 KB.
 */

export interface RipcordOptions {
  /** Publish at 1-second storage resolution (needed for 10, 20 or 30 s alarm periods). */
  highResolution?: boolean;
  /** The CloudWatch namespace; "Ripcord" unless set. */
  namespace?: string;
  /** Where each line goes; stdout unless set. */
  write?: (line: string) => void;
}

/** A member of an untrusted object (a Lambda context, a handler's result), or undefined. */
export const member = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined;

const text = (value: unknown, key: string): string | undefined => {
  const found = member(value, key);
  return typeof found === "string" && found !== "" ? found : undefined;
};

/**
 * The HTTP status a Lambda result stands for. A result without a numeric statusCode (a string,
 * an object, nothing) is served as 200: "If your function returns valid JSON and doesn't return a
 * statusCode, Lambda assumes ... statusCode is 200" (Lambda developer guide, "Invoking Lambda
 * function URLs", response payload format).
 */
export const statusOf = (result: unknown): number => {
  const status = member(result, "statusCode");
  return typeof status === "number" ? status : 200;
};

// Stdout directly: console.log would be wrapped by Lambda's JSON log format, and CloudWatch Logs
// extracts metrics only from a log event that is the EMF document itself.
const stdout = (line: string): void => {
  process.stdout.write(line + "\n");
};

/**
 * Writes the invocation's line. `start` is the performance.now() reading taken when the request
 * arrived; `failed` is a 5xx status or a throw. Dimensions are the function, its alias and the
 * version that ran: never a request id or a path, each of which would make a new custom metric.
 */
export const record = (
  options: RipcordOptions | undefined,
  context: unknown,
  failed: boolean,
  start: number,
): void => {
  const env = process.env;
  const name = text(context, "functionName") ?? env.AWS_LAMBDA_FUNCTION_NAME ?? "unknown";
  // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]; unqualified means $LATEST.
  const qualifier = text(context, "invokedFunctionArn")?.split(":")[7] ?? "$LATEST";
  const metric = (Name: string, Unit: string) =>
    options?.highResolution ? { Name, Unit, StorageResolution: 1 } : { Name, Unit };
  const line = JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [
        {
          Namespace: options?.namespace ?? "Ripcord",
          Dimensions: [
            ["FunctionName", "Resource"],
            ["FunctionName", "Resource", "ExecutedVersion"],
          ],
          Metrics: [
            metric("Requests", "Count"),
            metric("Errors5xx", "Count"),
            metric("Latency", "Milliseconds"),
          ],
        },
      ],
    },
    FunctionName: name,
    Resource: `${name}:${qualifier}`,
    ExecutedVersion:
      text(context, "functionVersion") ?? env.AWS_LAMBDA_FUNCTION_VERSION ?? "unknown",
    Requests: 1,
    Errors5xx: failed ? 1 : 0,
    Latency: Math.round((performance.now() - start) * 1000) / 1000,
  });
  (options?.write ?? stdout)(line);
};
