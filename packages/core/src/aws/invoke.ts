import { InvokeCommand } from "@aws-sdk/client-lambda";
import { lambda } from "./clients.ts";
import { awsCall } from "./failure.ts";

/** Invokes a function synchronously with a JSON payload; returns Lambda's FunctionError, if any. */
export async function invoke(functionArn: string, payload: unknown): Promise<{ functionError?: string }> {
  const output = await awsCall("Lambda Invoke", () =>
    lambda().send(new InvokeCommand({ FunctionName: functionArn, Payload: new TextEncoder().encode(JSON.stringify(payload)) })),
  );
  return output.FunctionError ? { functionError: output.FunctionError } : {};
}
