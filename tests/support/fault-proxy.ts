import { createHash } from "node:crypto";
import { throttleResponse, type LambdaQuota } from "./lambda-quota.ts";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";

/*
 * A proxy on 127.0.0.1 in front of moto that makes AWS misbehave on purpose: throttling and 5xx at
 * a chosen rate per service, in each service's own error format so the SDK classifies (and retries)
 * them as it would on AWS. Point AWS_ENDPOINT_URL at it for the part of a test that should see faults.
 * Decisions are seeded: the n-th request of a service gets the same fate on every run.
 */

/** The service as SigV4 names it in the credential scope. */
export type AwsService =
  "lambda" | "monitoring" | "cloudfront" | "dynamodb" | "sns" | "states" | "iam" | "other";

/** `throttle`: the service's throttling error (HTTP 400 or 429); `unavailable`: a 5xx. */
export type FaultKind = "throttle" | "unavailable";

export interface ProxiedRequest {
  service: AwsService;
  /** "GetAlias", "PutItem", "GetMetricData", "CreateInvalidation"... (or "METHOD /path" when unknown). */
  operation: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FaultRule {
  service: AwsService;
  /** Share of the matching requests that fail, from 0 to 1. */
  rate: number;
  /** Which faults, picked by the seeded draw; default both. */
  kinds?: readonly FaultKind[];
  /** Only requests this accepts (an operation, a function); default all of the service. */
  match?: (request: ProxiedRequest) => boolean;
  /** Forward first, then fail the response: the call took effect, but the caller never hears so. */
  afterForwarding?: boolean;
}

/** Sends any request to the target (moto), past the rules. */
export type Upstream = (request: ProxiedRequest) => Promise<ProxiedResponse>;

/** Wraps forwarding, to change a request's outcome (emulate a behaviour moto lacks, move an alias mid-call). */
export type Around = (
  request: ProxiedRequest,
  forward: () => Promise<ProxiedResponse>,
  upstream: Upstream,
) => Promise<ProxiedResponse>;

export interface FaultProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  setRules(rules: readonly FaultRule[]): void;
  setAround(around: Around | undefined): void;
  /** Requests that reached the proxy, by "service" and by "service Operation". */
  seen: Map<string, number>;
  /** Faults the proxy answered with, by "service" and by "service Operation". */
  injected: Map<string, number>;
  count(counter: Map<string, number>, service: AwsService, operation?: string): number;
  close(): Promise<void>;
}

const SERVICES: readonly AwsService[] = [
  "lambda",
  "monitoring",
  "cloudfront",
  "dynamodb",
  "sns",
  "states",
  "iam",
];

const REST_OPERATIONS: ReadonlyArray<[string, RegExp, string]> = [
  ["GET", /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/?]+$/, "GetAlias"],
  ["PUT", /^\/2015-03-31\/functions\/[^/]+\/aliases\/[^/?]+$/, "UpdateAlias"],
  ["POST", /^\/2015-03-31\/functions\/[^/]+\/aliases$/, "CreateAlias"],
  ["GET", /^\/2015-03-31\/functions\/[^/]+\/configuration$/, "GetFunctionConfiguration"],
  ["GET", /^\/2015-03-31\/functions\/[^/]+\/versions$/, "ListVersionsByFunction"],
  ["GET", /^\/2015-03-31\/functions\/[^/]+$/, "GetFunction"],
  ["POST", /^\/2015-03-31\/functions\/[^/]+\/invocations$/, "Invoke"],
  ["POST", /^\/2020-05-31\/distribution\/[^/]+\/invalidation$/, "CreateInvalidation"],
  ["GET", /^\/2020-05-31\/distribution\/[^/]+\/invalidation\/[^/]+$/, "GetInvalidation"],
];

/** The service from the SigV4 credential scope (".../20261127/us-east-1/lambda/aws4_request"), else from the request's shape. */
export function serviceOf(headers: IncomingHttpHeaders, path: string): AwsService {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/.exec(
    String(headers.authorization ?? ""),
  )?.[1];
  const named = SERVICES.find((service) => service === scope);
  if (named) return named;
  const target = String(headers["x-amz-target"] ?? "");
  if (path.startsWith("/2015-03-31/")) return "lambda";
  if (path.startsWith("/2020-05-31/")) return "cloudfront";
  if (target.startsWith("DynamoDB_")) return "dynamodb";
  if (target.startsWith("GraniteServiceVersion")) return "monitoring";
  if (target.startsWith("AWSStepFunctions.")) return "states";
  return "other";
}

export function operationOf(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): string {
  const target = headers["x-amz-target"];
  if (typeof target === "string" && target.includes("."))
    return target.slice(target.lastIndexOf(".") + 1);
  const bare = path.split("?")[0] ?? path;
  const rest = REST_OPERATIONS.find(([m, pattern]) => m === method && pattern.test(bare));
  if (rest) return rest[2];
  const action =
    new URLSearchParams(body.toString("utf8")).get("Action") ??
    new URLSearchParams(path.split("?")[1] ?? "").get("Action");
  return action ?? `${method} ${bare}`;
}

function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  type = "application/json",
): ProxiedResponse {
  return {
    status,
    headers: { "content-type": type, ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function xml(status: number, code: string, message: string): ProxiedResponse {
  const body = `<ErrorResponse><Error><Type>${status < 500 ? "Sender" : "Receiver"}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
  return { status, headers: { "content-type": "text/xml" }, body: Buffer.from(body) };
}

/** The fault as the service's protocol writes it: REST-JSON (Lambda), JSON 1.0 (DynamoDB, CloudWatch, SFN), XML (CloudFront, SNS). */
export function faultResponse(service: AwsService, kind: FaultKind): ProxiedResponse {
  const throttle = kind === "throttle";
  switch (service) {
    case "lambda":
      return throttle
        ? json(
            429,
            { Type: "User", message: "Rate exceeded", Reason: "CallerRateLimitExceeded" },
            { "x-amzn-errortype": "TooManyRequestsException" },
          )
        : json(
            500,
            { Type: "Service", message: "Service error" },
            { "x-amzn-errortype": "ServiceException" },
          );
    case "dynamodb":
      return throttle
        ? json(
            400,
            {
              __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
              message: "Rate of requests exceeds the allowed throughput.",
            },
            {},
            "application/x-amz-json-1.0",
          )
        : json(
            500,
            {
              __type: "com.amazonaws.dynamodb.v20120810#InternalServerError",
              message: "Internal server error",
            },
            {},
            "application/x-amz-json-1.0",
          );
    case "monitoring":
      // CloudWatch speaks JSON 1.0 in "query compatible" mode: the query error code travels in a header.
      return throttle
        ? json(
            400,
            { __type: "Throttling", message: "Rate exceeded" },
            { "x-amzn-query-error": "Throttling;Sender" },
            "application/x-amz-json-1.0",
          )
        : json(
            500,
            { __type: "InternalServiceFault", message: "Internal failure" },
            { "x-amzn-query-error": "InternalServiceError;Receiver" },
            "application/x-amz-json-1.0",
          );
    case "states":
      return throttle
        ? json(
            400,
            { __type: "ThrottlingException", message: "Rate exceeded" },
            {},
            "application/x-amz-json-1.0",
          )
        : json(
            500,
            { __type: "InternalFailure", message: "Internal failure" },
            {},
            "application/x-amz-json-1.0",
          );
    default:
      return throttle
        ? xml(400, "Throttling", "Rate exceeded")
        : xml(503, "ServiceUnavailable", "Service unavailable");
  }
}

/** A uniform draw in [0, 1) from the seed, the service and the request's number within its service. */
function draw(seed: number, service: AwsService, n: number, salt: string): number {
  const digest = createHash("sha256").update(`${seed}:${service}:${n}:${salt}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

function bump(counter: Map<string, number>, service: AwsService, operation: string): void {
  for (const key of [service, `${service} ${operation}`])
    counter.set(key, (counter.get(key) ?? 0) + 1);
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function forward(target: URL, request: ProxiedRequest): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...request.headers,
      host: target.host,
      "content-length": String(request.body.length),
    };
    delete headers["transfer-encoding"];
    const upstream = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers,
      },
      (response) => {
        readBody(response).then((body) => {
          const copied: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (
              value !== undefined &&
              name !== "transfer-encoding" &&
              name !== "content-length" &&
              name !== "connection"
            )
              copied[name] = String(value);
          }
          resolve({ status: response.statusCode ?? 502, headers: copied, body });
        }, reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(request.body);
  });
}

function send(res: ServerResponse, response: ProxiedResponse): void {
  res.writeHead(response.status, {
    ...response.headers,
    "content-length": String(response.body.length),
  });
  res.end(response.body);
}

/** Starts the proxy in front of `target` (moto). With no rules it only forwards and counts. */
export async function startFaultProxy(options: {
  target: string;
  seed: number;
  rules?: readonly FaultRule[];
  /** Lambda's API quota (lambda-quota.ts): beyond it, 429 TooManyRequestsException with Retry-After. */
  quota?: LambdaQuota;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  let rules: readonly FaultRule[] = options.rules ?? [];
  let around: Around | undefined;
  const seen = new Map<string, number>();
  const injected = new Map<string, number>();
  const perService = new Map<AwsService, number>();

  const fate = (request: ProxiedRequest): { rule: FaultRule; kind: FaultKind } | undefined => {
    const n = (perService.get(request.service) ?? 0) + 1;
    perService.set(request.service, n);
    const rule = rules.find((r) => r.service === request.service && (r.match?.(request) ?? true));
    if (!rule || draw(options.seed, request.service, n, "fail") >= rule.rate) return undefined;
    const kinds = rule.kinds ?? ["throttle", "unavailable"];
    const kind =
      kinds[Math.floor(draw(options.seed, request.service, n, "kind") * kinds.length)] ??
      "unavailable";
    return { rule, kind };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const service = serviceOf(req.headers, path);
    const request: ProxiedRequest = {
      service,
      operation: operationOf(method, path, req.headers, body),
      method,
      path,
      headers: req.headers,
      body,
    };
    bump(seen, service, request.operation);
    const quota = service === "lambda" ? options.quota?.admit(request.operation) : undefined;
    if (quota && !quota.admitted) {
      bump(injected, service, request.operation);
      send(res, throttleResponse(quota.retryAfterSeconds));
      return;
    }
    const fault = fate(request);
    if (fault && !fault.rule.afterForwarding) {
      bump(injected, service, request.operation);
      send(res, faultResponse(service, fault.kind));
      return;
    }
    const upstream: Upstream = (other) => forward(target, other);
    const response = around
      ? await around(request, () => upstream(request), upstream)
      : await upstream(request);
    if (fault) {
      bump(injected, service, request.operation);
      send(res, faultResponse(service, fault.kind));
      return;
    }
    send(res, response);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A fault of the proxy itself, not one it injects: answer 502 and keep the reason visible in the test output.
      console.error("fault proxy:", error);
      send(res, json(502, { message: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the fault proxy is not listening on TCP");
  return {
    url: `http://127.0.0.1:${address.port}`,
    setRules: (next) => {
      rules = next;
    },
    setAround: (next) => {
      around = next;
    },
    seen,
    injected,
    count: (counter, service, operation) =>
      counter.get(operation === undefined ? service : `${service} ${operation}`) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
