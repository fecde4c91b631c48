import { Webhook } from "@ripcord/core/aws";
import { ConfigError, TransientError } from "@ripcord/core/errors";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../../tests/support/failure.ts";
import { listen, type TestServer } from "../../../../tests/support/http.ts";

const BODY = JSON.stringify({ subject: "Ripcord rolled back checkout", service: "checkout" });
const SECRET = "whsec-test";

describe("webhook", () => {
  let receiver: TestServer | undefined;

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it("posts the body signed over timestamp and body, and the receiver can verify it", async () => {
    // Prepare
    receiver = await listen((_, response) => response.writeHead(204).end());

    // Act
    const result = await Webhook.post(`${receiver.url}/hook`, BODY, SECRET, {
      timestamp: 1_795_788_000,
    });

    // Assess
    const [request] = receiver.requests;
    expect(result.status).toBe(204);
    expect(request?.body).toBe(BODY);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-ripcord-timestamp"]).toBe("1795788000");
    expect(request?.headers["x-ripcord-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    const check = {
      secret: SECRET,
      body: BODY,
      timestamp: "1795788000",
      signature: String(request?.headers["x-ripcord-signature"]),
      now: 1_795_788_030,
    };
    expect(Webhook.verifySignature(check)).toBe(true);
    expect(Webhook.verifySignature({ ...check, body: `${BODY} ` })).toBe(false);
    expect(Webhook.verifySignature({ ...check, secret: "other" })).toBe(false);
    expect(Webhook.verifySignature({ ...check, now: 1_795_788_000 + 301 })).toBe(false);
    expect(Webhook.verifySignature({ ...check, timestamp: "1795788000.5" })).toBe(false);
  });

  it("sends no signature headers without a secret", async () => {
    // Prepare
    receiver = await listen((_, response) => response.end());

    // Act
    await Webhook.post(receiver.url, BODY);

    // Assess
    expect(receiver.requests[0]?.headers).not.toHaveProperty("x-ripcord-signature");
  });

  it("treats 5xx and 429 as transient and other refusals as configuration errors, never showing the body", async () => {
    // Prepare
    const statuses = [503, 429, 404];
    receiver = await listen((_, response) =>
      response.writeHead(statuses.shift() ?? 500).end("internal detail"),
    );

    // Act
    const failures = [
      await failureOf(Webhook.post(receiver.url, BODY, SECRET)),
      await failureOf(Webhook.post(receiver.url, BODY, SECRET)),
      await failureOf(Webhook.post(`${receiver.url}/secret-path?token=abc`, BODY, SECRET)),
    ];

    // Assess
    expect(failures[0]).toBeInstanceOf(TransientError);
    expect(failures[1]).toBeInstanceOf(TransientError);
    expect(failures[2]).toBeInstanceOf(ConfigError);
    for (const failure of failures) {
      expect(String(failure)).not.toMatch(/internal detail|secret-path|token/);
    }
  });

  it("gives up after the timeout with a TransientError", async () => {
    // Prepare: a receiver that never answers
    receiver = await listen(() => undefined);

    // Act
    const failure = await failureOf(Webhook.post(receiver.url, BODY, SECRET, { timeoutMs: 200 }));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
  });

  it("reports an unreachable receiver as TransientError", async () => {
    // Prepare
    const gone = await listen((_, response) => response.end());
    await gone.close();

    // Act
    const failure = await failureOf(Webhook.post(gone.url, BODY));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
  });
});
