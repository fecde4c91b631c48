import { SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterEach, describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { NotificationError } from "@ripcord/core/errors";
// RETRY_DELAYS_MS is not re-exported by @ripcord/core/rollback; the module is the same one.
import * as Rollback from "@ripcord/core/rollback";
import * as States from "../../packages/core/test/notify/states.ts";
import { topic } from "../support/aws.ts";
import { listen, type TestServer } from "../support/http.ts";
import { SLACK_CHANNEL_ID, signedReceiver, slackApiFake } from "./receivers.ts";

const SECRET = "whsec-delivery-test";
const BOT_TOKEN = "xoxb-delivery-test-token";

function configWith(
  notify: Config.ConfigInput["services"][string]["notify"],
): Config.RipcordConfig {
  return Config.defineConfig({
    services: {
      checkout: {
        signal: "lambda",
        functions: [{ name: "checkout-api" }, { name: "checkout-worker" }],
        notify,
      },
    },
  });
}

/** Records the pauses between tries instead of waiting them out. */
function recordingSleep() {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms: number) => void pauses.push(ms) };
}

describe("notification delivery", () => {
  const servers: TestServer[] = [];
  const serve = <T extends TestServer>(server: T): T => {
    servers.push(server);
    return server;
  };

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  describe("generic webhook", () => {
    it("posts signed JSON that the receiver verifies, and the receiver refuses a replay and a stale copy", async () => {
      // Prepare
      let receiverClock = Math.floor(Date.now() / 1000);
      const receiver = serve(await signedReceiver(SECRET, () => receiverClock));
      const config = configWith({ sns: false, webhookUrl: `${receiver.url}/ripcord` });

      // Act
      const result = await Rollback.notify("shifted", States.rollbackShifted, config, {
        env: { RIPCORD_WEBHOOK_SECRET: SECRET },
      });
      const [original] = receiver.requests;
      const resend = () =>
        fetch(`${receiver.url}/ripcord`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-ripcord-timestamp": String(original?.headers["x-ripcord-timestamp"]),
            "x-ripcord-signature": String(original?.headers["x-ripcord-signature"]),
          },
          body: original?.body ?? "",
        });
      const replayed = await resend();
      // Past the 300 s tolerance from the message's own timestamp (the sender's clock may have ticked since the receiver's was set).
      receiverClock = Number(original?.headers["x-ripcord-timestamp"]) + 301;
      const stale = await resend();

      // Assess
      expect(result.deliveries).toEqual([{ channel: "webhook", ok: true, attempts: 1 }]);
      expect(receiver.accepted).toEqual([
        expect.objectContaining({
          schema: "ripcord.notification/1",
          id: `${States.rollbackShifted.id}.shifted`,
          service: "checkout",
          phase: "shifted",
          outcome: "rolled-back",
          subject: "[checkout] Rolled back checkout-api 3 -> 2",
        }),
      ]);
      expect(replayed.status).toBe(409);
      expect(stale.status).toBe(401);
    });

    it("tries again after a 503, waiting briefly, and records the attempts", async () => {
      // Prepare
      let calls = 0;
      const receiver = serve(
        await listen((_, response) => response.writeHead(++calls === 1 ? 503 : 204).end()),
      );
      const { pauses, sleep } = recordingSleep();

      // Act
      const result = await Rollback.notify(
        "held",
        States.holdNotWorse,
        configWith({ sns: false, webhookUrl: receiver.url }),
        {
          env: { RIPCORD_WEBHOOK_SECRET: SECRET },
          sleep,
        },
      );

      // Assess
      expect(result.deliveries).toEqual([{ channel: "webhook", ok: true, attempts: 2 }]);
      expect(receiver.requests).toHaveLength(2);
      expect(pauses).toEqual([Rollback.RETRY_DELAYS_MS[0]]);
    });

    it("sends nothing unsigned: without RIPCORD_WEBHOOK_SECRET the delivery fails and is recorded", async () => {
      // Prepare
      const receiver = serve(await listen((_, response) => response.writeHead(204).end()));
      const topicArn = await topic();

      // Act
      const result = await Rollback.notify(
        "shifted",
        States.rollbackShifted,
        configWith({ sns: true, webhookUrl: receiver.url }),
        {
          env: { RIPCORD_TOPIC_ARN: topicArn },
        },
      );

      // Assess
      expect(receiver.requests).toEqual([]);
      expect(result.deliveries).toEqual(
        expect.arrayContaining([
          { channel: "sns", ok: true, attempts: 1 },
          {
            channel: "webhook",
            ok: false,
            attempts: 1,
            error: expect.stringContaining("RIPCORD_WEBHOOK_SECRET is not set"),
          },
        ]),
      );
    });
  });

  describe("Slack", () => {
    const slackEnv = (url: string) => ({
      RIPCORD_SLACK_BOT_TOKEN: BOT_TOKEN,
      RIPCORD_SLACK_API_URL: url,
    });
    const slackConfig = configWith({ sns: false, slack: true, slackChannel: "#checkout-alerts" });

    it("with a bot token posts the first message, then updates that same message with the outcome", async () => {
      // Prepare
      const slack = serve(await slackApiFake());

      // Act
      const first = await Rollback.notify("shifted", States.rollbackShifted, slackConfig, {
        env: slackEnv(slack.url),
      });
      const outcome = await Rollback.notify(
        "outcome",
        { ...States.outcomeRecovered, notifyShifted: first },
        slackConfig,
        { env: slackEnv(slack.url) },
      );

      // Assess
      expect(slack.calls.map((call) => call.method)).toEqual(["chat.postMessage", "chat.update"]);
      expect(slack.calls.every((call) => call.authorization === `Bearer ${BOT_TOKEN}`)).toBe(true);
      expect(slack.calls[0]?.body).toMatchObject({
        channel: "#checkout-alerts",
        text: "[checkout] Rolled back checkout-api 3 -> 2",
      });
      expect(first.slack).toEqual({ channel: SLACK_CHANNEL_ID, ts: "1795788000.000101" });
      expect(slack.calls[1]?.body).toMatchObject({
        channel: SLACK_CHANNEL_ID,
        ts: "1795788000.000101",
        text: "[checkout] Rolled back checkout-api 3 -> 2: recovered",
      });
      expect(outcome.slack).toEqual(first.slack);
      expect(outcome.deliveries).toEqual([{ channel: "slack", ok: true, attempts: 1 }]);
    });

    it("posts the outcome as a new message when the first one can no longer be edited", async () => {
      // Prepare
      const slack = serve(await slackApiFake());
      const first = await Rollback.notify("shifted", States.rollbackShifted, slackConfig, {
        env: slackEnv(slack.url),
      });
      slack.failNext("message_not_found");

      // Act
      const outcome = await Rollback.notify(
        "outcome",
        { ...States.outcomeRecovered, notifyShifted: first },
        slackConfig,
        { env: slackEnv(slack.url) },
      );

      // Assess
      expect(slack.calls.map((call) => call.method)).toEqual([
        "chat.postMessage",
        "chat.update",
        "chat.postMessage",
      ]);
      expect(outcome.slack).toEqual({ channel: SLACK_CHANNEL_ID, ts: "1795788000.000102" });
      expect(outcome.deliveries).toEqual([{ channel: "slack", ok: true, attempts: 1 }]);
    });

    it("retries 429, 5xx and ratelimited with a short backoff, then records the failure; the other channels still deliver", async () => {
      // Prepare
      const slack = serve(await slackApiFake());
      const receiver = serve(await signedReceiver(SECRET));
      slack.failNext(429, 503, "ratelimited");
      const { pauses, sleep } = recordingSleep();
      const config = configWith({
        sns: false,
        slack: true,
        slackChannel: SLACK_CHANNEL_ID,
        webhookUrl: receiver.url,
      });

      // Act
      const result = await Rollback.notify("shifted", States.rollbackShifted, config, {
        env: { ...slackEnv(slack.url), RIPCORD_WEBHOOK_SECRET: SECRET },
        sleep,
      });

      // Assess
      expect(slack.calls).toHaveLength(3);
      expect(pauses).toEqual([...Rollback.RETRY_DELAYS_MS]);
      expect(result.deliveries).toEqual([
        {
          channel: "slack",
          ok: false,
          attempts: 3,
          error: "TransientError: Slack chat.postMessage failed: ratelimited",
        },
        { channel: "webhook", ok: true, attempts: 1 },
      ]);
      expect(receiver.accepted).toHaveLength(1);
      expect(result.slack).toBeUndefined();
      expect(JSON.stringify(result)).not.toContain(BOT_TOKEN);
    });

    it("does not retry what another try cannot fix (a revoked token), and says what to check", async () => {
      // Prepare
      const slack = serve(await slackApiFake());
      const receiver = serve(await signedReceiver(SECRET));
      slack.failNext("invalid_auth");
      const config = configWith({
        sns: false,
        slack: true,
        slackChannel: SLACK_CHANNEL_ID,
        webhookUrl: receiver.url,
      });

      // Act
      const result = await Rollback.notify("held", States.holdNotWorse, config, {
        env: { ...slackEnv(slack.url), RIPCORD_WEBHOOK_SECRET: SECRET },
      });

      // Assess
      expect(slack.calls).toHaveLength(1);
      expect(result.deliveries[0]).toEqual({
        channel: "slack",
        ok: false,
        attempts: 1,
        error:
          "ConfigError: Slack chat.postMessage failed: invalid_auth (check the bot token, its scopes and the channel)",
      });
    });

    it("records a Slack route with neither a bot token nor an incoming webhook as a failed delivery, not a silent skip", async () => {
      // Prepare
      const receiver = serve(await signedReceiver(SECRET));

      // Act
      const result = await Rollback.notify(
        "shifted",
        States.rollbackShifted,
        configWith({ sns: false, slack: true, webhookUrl: receiver.url }),
        {
          env: { RIPCORD_WEBHOOK_SECRET: SECRET },
        },
      );

      // Assess
      expect(result.deliveries).toEqual([
        {
          channel: "slack",
          ok: false,
          attempts: 1,
          error: expect.stringContaining("neither RIPCORD_SLACK_BOT_TOKEN"),
        },
        { channel: "webhook", ok: true, attempts: 1 },
      ]);
    });

    it("without a bot token posts Block Kit to the incoming webhook, and a failure names no part of its secret URL", async () => {
      // Prepare
      let healthy = true;
      const hook = serve(
        await listen((_, response) => response.writeHead(healthy ? 200 : 500).end("ok")),
      );
      const secretPath = "/services/T000/B000/s3cr3t-webhook-path";
      const config = configWith({ sns: false, slack: true });
      const env = { RIPCORD_SLACK_WEBHOOK_URL: `${hook.url}${secretPath}` };

      // Act
      const sent = await Rollback.notify("shifted", States.rollbackShifted, config, { env });
      healthy = false;
      const failed = await Rollback.notify("outcome", States.outcomeRecovered, config, {
        env,
        sleep: async () => {},
      }).catch((error: unknown) => error);

      // Assess
      expect(sent.deliveries).toEqual([{ channel: "slack", ok: true, attempts: 1 }]);
      const posted: unknown = JSON.parse(hook.requests[0]?.body ?? "{}");
      expect(posted).toMatchObject({
        text: "[checkout] Rolled back checkout-api 3 -> 2",
        blocks: expect.arrayContaining([
          {
            type: "header",
            text: { type: "plain_text", text: "[checkout] Rolled back checkout-api 3 -> 2" },
          },
        ]),
      });
      expect(failed).toBeInstanceOf(NotificationError);
      expect(String(failed)).toContain("answered HTTP 500");
      expect(String(failed)).not.toContain("s3cr3t");
      expect(hook.requests).toHaveLength(1 + Rollback.RETRY_DELAYS_MS.length + 1);
    });
  });

  describe("SNS (moto)", () => {
    it("publishes the text with message attributes that subscription filter policies route on", async () => {
      // Prepare: moto applies filter policies but leaves MessageAttributes out of HTTP deliveries, so
      // which subscriber received the message is the proof of each attribute.
      const notRecovered = serve(await listen((_, response) => response.end()));
      const recovered = serve(await listen((_, response) => response.end()));
      const thisRun = serve(await listen((_, response) => response.end()));
      const topicArn = await topic();
      const sns = new SNSClient({});
      const subscribe = (endpoint: string, policy: object) =>
        sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: "http",
            Endpoint: endpoint,
            Attributes: { FilterPolicy: JSON.stringify(policy) },
          }),
        );
      await subscribe(notRecovered.url, { service: ["checkout"], outcome: ["not-recovered"] });
      await subscribe(recovered.url, { service: ["checkout"], outcome: ["recovered"] });
      await subscribe(thisRun.url, {
        phase: ["outcome"],
        verdict: ["rollback"],
        rollbackId: [States.outcomeNotRecovered.id],
      });
      const notificationsOf = (server: TestServer) =>
        server.requests
          .map((request) => JSON.parse(request.body))
          .filter((body) => body.Type === "Notification");

      // Act
      const result = await Rollback.notify(
        "outcome",
        States.outcomeNotRecovered,
        configWith({ sns: true }),
        { env: { RIPCORD_TOPIC_ARN: topicArn } },
      );

      // Assess
      expect(result.deliveries).toEqual([{ channel: "sns", ok: true, attempts: 1 }]);
      const expected = expect.objectContaining({
        Subject: "[checkout] Rolled back with warnings checkout-api 3 -> 2: NOT recovered",
        Message: result.text,
      });
      expect(notificationsOf(notRecovered)).toEqual([expected]);
      expect(notificationsOf(thisRun)).toEqual([expected]);
      expect(notificationsOf(recovered)).toEqual([]);
    });
  });

  it("throws only when every channel failed, so the state's Retry never re-sends to a channel that succeeded", async () => {
    // Prepare
    const down = serve(await listen((_, response) => response.writeHead(404).end()));

    // Act
    const attempt = Rollback.notify(
      "shifted",
      States.rollbackShifted,
      configWith({ sns: false, webhookUrl: down.url }),
      { env: { RIPCORD_WEBHOOK_SECRET: SECRET } },
    );

    // Assess
    await expect(attempt).rejects.toThrow(NotificationError);
    await expect(attempt).rejects.toThrow(
      /webhook \(ConfigError: webhook 127\.0\.0\.1:\d+ refused the notification \(HTTP 404\)/,
    );
    expect(down.requests).toHaveLength(1);
  });
});
