import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./stepfunctions/index.ts";

/*
 * What Lambda hands a function behind its URL, built for the sandbox's simulated requests: the
 * payload format 2.0 event and the context of an invocation through an alias. Shapes from the
 * Lambda Developer Guide ("Invoking Lambda function URLs": request payload format) and the Node.js
 * runtime's context object ("Using the Lambda context object to retrieve Node.js function
 * information").
 */

/** mulberry32: a small seeded generator, so every sandbox run plays the same requests. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The URL's host: `<url-id>.lambda-url.<region>.on.aws`; the id is 32 lower-case characters. */
function urlId(fn: string): string {
  const letters = fn.toLowerCase().replace(/[^a-z0-9]/g, "");
  return letters.padEnd(32, "0").slice(0, 32);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** CloudWatch-style request time as the URL event's requestContext.time shows it: "29/Nov/2026:19:03:58 +0000". */
function requestTime(atMs: number): string {
  const date = new Date(atMs);
  // Not toLocaleString: it builds an Intl formatter per call, a millisecond per request.
  const month = MONTHS[date.getUTCMonth()] ?? "Jan";
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${month}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** A GET through the function URL at `atMs` (simulated time), as payload format 2.0. */
export function urlGet(fn: string, path: string, atMs: number, requestId: string): LambdaEvent {
  const id = urlId(fn);
  const domainName = `${id}.lambda-url.${LOCAL_REGION}.on.aws`;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: domainName, "user-agent": "ripcord-local" },
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: id,
      // A URL with auth type NONE has no caller to describe; Hono's type wants the field.
      authentication: null,
      authorizer: {},
      domainName,
      domainPrefix: id,
      http: {
        method: "GET",
        path,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.10",
        userAgent: "ripcord-local",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: requestTime(atMs),
      timeEpoch: atMs,
    },
    body: null,
    isBase64Encoded: false,
  };
}

/**
 * The context of an invocation through `alias` that ran `version`: `invokedFunctionArn` ends in the
 * alias (the qualifier the caller used), `functionVersion` is the version that ran.
 */
export function aliasContext(
  fn: string,
  alias: string,
  version: string,
  requestId: string,
): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn,
    functionVersion: version,
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${fn}:${alias}`,
    memoryLimitInMB: "1024",
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn}`,
    logStreamName: `local/[${version}]ripcord`,
    getRemainingTimeInMillis: () => 30_000,
  };
}
