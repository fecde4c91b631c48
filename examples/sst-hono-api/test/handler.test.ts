/**
 * The deployed entry point, as Lambda calls it through the guarded function URL: each request
 * writes one EMF line to stdout itself (not through console.log, which Lambda's JSON log format
 * would wrap), for the alias the request came through and the version that ran.
 */
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { afterEach, beforeEach, expect, it, vi } from "vitest";

const functionName = "acme-production-ApiFunction-hbdsakrc";

// What the Node.js runtime passes when the Router's request reaches the `production` alias URL.
const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName,
  functionVersion: "7",
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:production`,
  memoryLimitInMB: "1024",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "2026/11/29/[7]0123456789abcdef",
  getRemainingTimeInMillis: () => 10_000,
};

// A function URL GET in payload format 2.0, shaped as AWS's sample request ("Invoking Lambda
// function URLs", request payload format).
const urlGet = (path: string): LambdaEvent => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: { host: "abcdefghij0123456789klmnop.lambda-url.us-east-1.on.aws" },
  requestContext: {
    accountId: "123456789012",
    apiId: "abcdefghij0123456789klmnop",
    // A URL with authorization NONE has no caller to describe; Hono's type wants the field.
    authentication: null,
    authorizer: {},
    domainName: "abcdefghij0123456789klmnop.lambda-url.us-east-1.on.aws",
    domainPrefix: "abcdefghij0123456789klmnop",
    http: {
      method: "GET",
      path,
      protocol: "HTTP/1.1",
      sourceIp: "123.123.123.123",
      userAgent: "agent",
    },
    requestId: "id",
    routeKey: "$default",
    stage: "$default",
    time: "29/Nov/2026:19:03:58 +0000",
    timeEpoch: 1795892638390,
  },
  body: null,
  isBase64Encoded: false,
});

let stdout: string[];

beforeEach(() => {
  stdout = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.stubEnv("DEMO_RELEASE", "2");
  vi.resetModules();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it("writes one EMF line per request to stdout, for the alias and the version that ran", async () => {
  const log = vi.spyOn(console, "log");
  const { handler } = await import("../src/handler.ts");

  const health = await handler(urlGet("/health"), context);
  const missing = await handler(urlGet("/nowhere"), context);

  expect(health).toMatchObject({ statusCode: 200, body: '{"ok":true,"release":"2"}' });
  expect(missing).toMatchObject({ statusCode: 404 });
  expect(log).not.toHaveBeenCalled();
  expect(stdout).toHaveLength(2);
  const lines = stdout.map((line): unknown => {
    expect(line.endsWith("\n")).toBe(true);
    return JSON.parse(line);
  });
  for (const line of lines) {
    expect(line).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: "Ripcord" }] },
      FunctionName: functionName,
      Resource: `${functionName}:production`,
      ExecutedVersion: "7",
      Requests: 1,
      Errors5xx: 0,
    });
  }
});
