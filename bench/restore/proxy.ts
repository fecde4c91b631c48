import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { throttleResponse, type LambdaQuota } from "../../tests/support/lambda-quota.ts";
import type { AwsCall } from "./waves.ts";

/*
 * A counting proxy in front of the local AWS endpoints: every SDK call of the measured runs passes
 * through it, so the bench sees each round trip (service, operation, start, end) without touching
 * the SDK clients Ripcord builds. The floor (a single UpdateAlias) goes through it too, so both
 * sides of the ratio pay the same extra hop.
 */

export interface CountingProxy {
  url: string;
  /** Calls whose response has been relayed, in order of completion (a throttled one is not). */
  calls: AwsCall[];
  /** Lambda's API quota from now on (undefined: none, as moto): beyond it, 429 with Retry-After. */
  setLambdaQuota(quota: LambdaQuota | undefined): void;
  close(): Promise<void>;
}

/** The signing name from the SigV4 Authorization header's credential scope (…/region/SERVICE/aws4_request). */
export function signingService(authorization: string | undefined): string {
  return (
    /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? "")?.[1] ??
    "unknown"
  );
}

const LAMBDA_ROUTES: Array<[method: string, path: RegExp, operation: string]> = [
  ["PUT", /\/functions\/[^/]+\/aliases\/[^/?]+/, "UpdateAlias"],
  ["GET", /\/functions\/[^/]+\/aliases\/[^/?]+/, "GetAlias"],
  ["POST", /\/functions\/[^/]+\/aliases/, "CreateAlias"],
  ["GET", /\/functions\/[^/]+\/configuration/, "GetFunctionConfiguration"],
  ["PUT", /\/functions\/[^/]+\/configuration/, "UpdateFunctionConfiguration"],
  ["POST", /\/functions\/[^/]+\/versions/, "PublishVersion"],
  ["GET", /\/functions\/[^/]+\/versions/, "ListVersionsByFunction"],
  ["GET", /\/functions\/[^/?]+\/?(\?.*)?$/, "GetFunction"],
  ["POST", /\/functions\/?$/, "CreateFunction"],
];

/** The operation of a request in any of the SDK's protocols: JSON (X-Amz-Target), RPCv2 CBOR, query (Action=), REST. */
export function operationOf(
  service: string,
  method: string,
  path: string,
  headers: IncomingMessage["headers"],
  body: string,
): string {
  const target = headers["x-amz-target"];
  if (typeof target === "string") return target.slice(target.lastIndexOf(".") + 1);
  const rpc = /\/operation\/([A-Za-z]+)/.exec(path);
  if (rpc?.[1]) return rpc[1];
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body) ?? /[?&]Action=([A-Za-z]+)/.exec(path);
  if (action?.[1]) return action[1];
  if (service === "lambda") {
    const route = LAMBDA_ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
    if (route) return route[2];
  }
  return `${method} ${path.split("?")[0]}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/**
 * Starts the proxy on 127.0.0.1. `upstreamFor(service)` names the endpoint a signing service goes
 * to (Step Functions to the sandbox's endpoint, everything else to moto).
 */
export async function startCountingProxy(
  upstreamFor: (service: string) => string,
): Promise<CountingProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const calls: AwsCall[] = [];
  let quota: LambdaQuota | undefined;
  const forward = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const start = performance.now();
    const body = await readBody(req);
    const service = signingService(req.headers.authorization);
    const path = req.url ?? "/";
    const operation = operationOf(
      service,
      req.method ?? "GET",
      path,
      req.headers,
      body.subarray(0, 4096).toString("latin1"),
    );
    const admission = service === "lambda" ? quota?.admit(operation) : undefined;
    if (admission && !admission.admitted) {
      const refusal = throttleResponse(admission.retryAfterSeconds);
      res.writeHead(refusal.status, refusal.headers);
      res.end(refusal.body);
      return;
    }
    const upstream = new URL(path, upstreamFor(service));
    const outgoing = request(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        const request = {
          method: req.method ?? "GET",
          path,
          contentType: String(req.headers["content-type"] ?? ""),
          body: body.subarray(0, 16_384).toString("utf8"),
        };
        res.once("finish", () =>
          calls.push({ service, operation, start, end: performance.now(), request }),
        );
      },
    );
    outgoing.once("error", (error) => {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`bench proxy: ${upstream.origin} did not answer (${error.message})`);
    });
    outgoing.end(body);
  };
  const server = createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`bench proxy: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setLambdaQuota: (next) => {
      quota = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
