/*
 * Run by api-entry.test.ts in a fresh Node process (through tsx), as Lambda loads the API: the
 * `light` side imports the Lambda entry (src/api.ts, which replaces Node's fetch classes), the
 * `native` side the same app behind Hono's Lambda adapter with Node's own. Each answers the same
 * Function URL requests; one JSON line tells the results and what the process loaded.
 */
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";

const UNDICI = "NativeModule internal/deps/undici/undici";

/** Node's list of the built-in modules it has loaded (not in @types/node). */
function undiciLoaded(): boolean {
  const loaded: unknown = Reflect.get(process, "moduleLoadList");
  return Array.isArray(loaded) && loaded.includes(UNDICI);
}

const HOST = "api.lambda-url.us-east-1.on.aws";

function functionUrlEvent(
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  body?: string,
  cookies?: string[],
): LambdaEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: { host: HOST, ...headers },
    ...(cookies && { cookies }),
    requestContext: {
      accountId: "123456789012",
      apiId: "api",
      authentication: null,
      authorizer: {},
      domainName: HOST,
      domainPrefix: "api",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "test",
      },
      requestId: "api-entry",
      routeKey: "$default",
      stage: "$default",
      time: "29/Nov/2026:12:00:00 +0000",
      timeEpoch: 1_795_953_600_000,
    },
    body: body ?? null,
    isBase64Encoded: false,
  };
}

const [mode, writeToken = ""] = process.argv.slice(2);
const bearer = { authorization: `Bearer ${writeToken}` };
const json = { ...bearer, "content-type": "application/json" };
const EVENTS: Record<string, LambdaEvent> = {
  health: functionUrlEvent("GET", "/health"),
  "no token": functionUrlEvent("GET", "/services"),
  "wrong token": functionUrlEvent("GET", "/services", { authorization: "Bearer not-a-token" }),
  "unknown route": functionUrlEvent("GET", "/nowhere", bearer),
  "invalid JSON body": functionUrlEvent("POST", "/rollbacks", json, "{not json"),
  "body of another type": functionUrlEvent(
    "POST",
    "/rollbacks",
    { ...bearer, "content-type": "text/plain" },
    "x",
  ),
  "body over 64 KiB": functionUrlEvent("POST", "/rollbacks", json, `"${"x".repeat(70_000)}"`),
  "OpenAPI document": functionUrlEvent("GET", "/openapi.json", bearer),
  "status page, signed out": functionUrlEvent("GET", "/", { accept: "text/html" }),
  "sign-in form with a wrong token": functionUrlEvent(
    "POST",
    "/sign-in",
    { "content-type": "application/x-www-form-urlencoded", origin: `https://${HOST}` },
    "token=wrong&next=%2F",
  ),
  "sign-out with a cookie": functionUrlEvent(
    "POST",
    "/sign-out",
    { origin: `https://${HOST}` },
    undefined,
    ["__Host-ripcord-session=stale"],
  ),
  "HEAD /health": functionUrlEvent("HEAD", "/health"),
};

const { handler } =
  mode === "light"
    ? await import("../../src/api.ts")
    : {
        handler: (await import("hono/aws-lambda")).handle(
          (await import("../../src/api/app.ts")).app,
        ),
      };
const context: LambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "api",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:api",
  memoryLimitInMB: "256",
  awsRequestId: "api-entry",
  logGroupName: "/aws/lambda/api",
  logStreamName: "api",
  getRemainingTimeInMillis: () => 30_000,
};

const results: Record<string, unknown> = {};
let undiciAfterHealth = false;
for (const [name, event] of Object.entries(EVENTS)) {
  results[name] = await handler(event, context);
  if (name === "health") undiciAfterHealth = undiciLoaded();
}
console.log(
  JSON.stringify({
    results,
    undiciAfterHealth,
    globals: [globalThis.Headers.name, globalThis.Request.name, globalThis.Response.name],
  }),
);
