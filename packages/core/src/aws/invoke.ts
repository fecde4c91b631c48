import { InvokeCommand } from "@aws-sdk/client-lambda";
import { awsCall } from "./failure.ts";
import { lambda } from "./lambda-client.ts";

/** Invokes a function synchronously with a JSON payload; returns Lambda's FunctionError, if any. */
export async function invoke(
  functionArn: string,
  payload: unknown,
): Promise<{ functionError?: string }> {
  const output = await awsCall("Lambda Invoke", () =>
    lambda().send(
      new InvokeCommand({
        FunctionName: functionArn,
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    ),
  );
  return output.FunctionError ? { functionError: output.FunctionError } : {};
}
