import { Webhook } from "@ripcord/core/aws";
import { listen, type RecordedRequest, type TestServer } from "../support/http.ts";

/*
 * Receivers on 127.0.0.1 that behave like the real ones: a webhook endpoint that verifies Ripcord's
 * signature and refuses replays, and a fake of the two Slack Web API methods Ripcord calls.
 */

export interface SignedReceiver extends TestServer {
  /** Bodies whose signature verified, fresh and seen for the first time, parsed. */
  accepted: unknown[];
  /** Requests answered 401 (bad or stale signature) or 409 (a replay of an accepted one). */
  refused: { request: RecordedRequest; status: number }[];
}

function header(request: RecordedRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/**
 * What a careful receiver does: verify the HMAC over timestamp and body (Webhook.verifySignature,
 * which also refuses a timestamp older than 5 minutes), then refuse a signature it has already
 * accepted (a replay within the window). `now` is the receiver's clock, in epoch seconds.
 */
export async function signedReceiver(
  secret: string,
  now: () => number = () => Math.floor(Date.now() / 1000),
): Promise<SignedReceiver> {
  const accepted: unknown[] = [];
  const refused: SignedReceiver["refused"] = [];
  const seen = new Set<string>();
  const server = await listen((request, response) => {
    const signature = header(request, Webhook.SIGNATURE_HEADER);
    const timestamp = header(request, Webhook.TIMESTAMP_HEADER);
    const refuse = (status: number) => {
      refused.push({ request, status });
      response.writeHead(status).end();
    };
    if (!Webhook.verifySignature({ secret, body: request.body, timestamp, signature, now: now() }))
      return refuse(401);
    if (seen.has(signature)) return refuse(409);
    seen.add(signature);
    accepted.push(JSON.parse(request.body));
    response.writeHead(204).end();
  });
  return Object.assign(server, { accepted, refused });
}

export interface SlackCall {
  method: string;
  authorization: string;
  body: Record<string, unknown>;
}

export interface SlackFake extends TestServer {
  calls: SlackCall[];
  /** Answers to give before behaving normally, one per call: an HTTP status, or a Slack error code with HTTP 200. */
  failNext(...answers: (number | string)[]): void;
}

export const SLACK_CHANNEL_ID = "C0123ABCD";

/** chat.postMessage answers a new ts in channel C0123ABCD; chat.update answers the ts it was given. */
export async function slackApiFake(): Promise<SlackFake> {
  const calls: SlackCall[] = [];
  const failures: (number | string)[] = [];
  let posted = 0;
  const server = await listen((request, response) => {
    const method = request.path.replace(/^\//, "");
    const body: Record<string, unknown> = JSON.parse(request.body);
    calls.push({ method, authorization: header(request, "authorization"), body });
    const failure = failures.shift();
    const json = (status: number, answer: object) =>
      response
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify(answer));
    if (typeof failure === "number") return json(failure, { ok: false });
    if (typeof failure === "string") return json(200, { ok: false, error: failure });
    if (method === "chat.postMessage") {
      posted += 1;
      return json(200, { ok: true, channel: SLACK_CHANNEL_ID, ts: `1795788000.00010${posted}` });
    }
    if (method === "chat.update")
      return json(200, { ok: true, channel: body.channel, ts: body.ts });
    return json(200, { ok: false, error: "unknown_method" });
  });
  return Object.assign(server, {
    calls,
    failNext: (...answers: (number | string)[]) => void failures.push(...answers),
  });
}
