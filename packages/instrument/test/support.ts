import type { Context } from "aws-lambda";
import sample from "./fixtures/function-url-request.json" with { type: "json" };

/** The alias a guarded app's function URL points at, and the version it serves. */
export const functionArn = "arn:aws:lambda:us-east-1:123456789012:function:acme-api:production";

/** A Lambda context as the Node.js runtime passes it: invoked through the `production` alias. */
export const lambdaContext = (overrides: Partial<Context> = {}): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: "acme-api",
  functionVersion: "7",
  invokedFunctionArn: functionArn,
  memoryLimitInMB: "1024",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  logGroupName: "/aws/lambda/acme-api",
  logStreamName: "2026/11/29/[7]0123456789abcdef",
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
  ...overrides,
});

// The sample's `<url-id>` placeholder is not a valid host, and the Request that hono/aws-lambda
// builds from the domain name would be refused; a real URL id takes its place.
const urlId = "abcdefghij0123456789klmnop";

/**
 * A function URL request event (payload format 2.0) for one method and path, derived from AWS's
 * published sample. Its `pathParameters` and `stageVariables` are null in the sample ("Function
 * URLs don't use this parameter. Lambda sets this to null or excludes this from the JSON"): left
 * out here, as Hono's event type wants them absent.
 */
export const urlEvent = (method: string, path: string) => {
  const { pathParameters: _pathParameters, stageVariables: _stageVariables, ...event } = sample;
  return {
    ...event,
    rawPath: path,
    rawQueryString: "",
    queryStringParameters: {},
    body: method === "GET" || method === "HEAD" ? null : event.body,
    requestContext: {
      ...event.requestContext,
      apiId: urlId,
      domainName: `${urlId}.lambda-url.us-west-2.on.aws`,
      domainPrefix: urlId,
      http: { ...event.requestContext.http, method, path },
    },
  };
};

/** A `write` sink that keeps every line. */
export const collect = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};
