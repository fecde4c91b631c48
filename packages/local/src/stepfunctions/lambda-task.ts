import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";
import type { RunOptions } from "aws-local-stepfunctions";

type LocalHandlers = NonNullable<NonNullable<RunOptions["overrides"]>["taskResourceLocalHandlers"]>;
/** A JSON value as the engine passes it between states. */
export type JsonValue = Parameters<LocalHandlers[string]>[0];

/** A Lambda handler as the functions package exports it. */
export type LambdaHandler = (event: unknown, context: Context) => unknown;

/** What a Task state calls: JSON in, JSON out, like a Lambda invocation. */
export type TaskHandler = (input: unknown) => Promise<JsonValue>;

/**
 * The error a Task state sees when the Lambda function throws: Step Functions names it after the
 * function's `errorType` and carries Lambda's JSON error document as the Cause, so Retry/Catch
 * match on the same names (TransientError, AliasMovedError...) as on AWS.
 */
export class LambdaTaskError extends Error {
  constructor(errorType: string, errorMessage: string, trace: string[]) {
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

const TIMEOUT_MS = 60_000;

function lambdaContext(functionArn: string): Context {
  const functionName = functionArn.split(":").at(-1) ?? functionArn;
  const deadline = Date.now() + TIMEOUT_MS;
  const unsupported = (): never => {
    throw new Error(
      "callback-style Lambda results (done/fail/succeed) are not supported: return a promise",
    );
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn,
    memoryLimitInMB: "256",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Runs a handler the way Lambda would for a Task state: the event and the result cross a JSON
 * boundary (so nothing the handler returns survives that JSON would not carry), and a thrown
 * error becomes a LambdaTaskError.
 */
export function asLambdaTask(functionArn: string, handler: LambdaHandler): TaskHandler {
  return async (input) => {
    const event: unknown = JSON.parse(JSON.stringify(input ?? null));
    let result: unknown;
    try {
      result = await handler(event, lambdaContext(functionArn));
    } catch (error) {
      if (error instanceof Error) {
        throw new LambdaTaskError(error.name, error.message, (error.stack ?? "").split("\n"));
      }
      throw new LambdaTaskError("Error", String(error), []);
    }
    const output = result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
    return output;
  };
}
