import { setTimeout as delay } from "node:timers/promises";
import * as Config from "../config/index.ts";
import * as Notify from "../notify/index.ts";
import { Sns, Webhook, isTransient } from "../aws/index.ts";
import * as Slack from "../aws/slack.ts";
import type { NotifyPhase } from "../workflow/definition.ts";
import {
  ConfigError,
  NotFoundError,
  NotificationError,
  TransientError,
  errorText,
} from "../errors/index.ts";
import { topicArn } from "./env.ts";
import type { RollbackState } from "../state/index.ts";

/** One destination of a message. `send` throws on failure; a TransientError (429, 5xx, timeout) is tried again. */
interface Channel {
  name: string;
  send(message: Notify.Message): Promise<{ slack?: Notify.SlackMessageRef } | void>;
}

export interface DeliveryOptions {
  env?: NodeJS.ProcessEnv;
  /** Waits between tries; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}

/** Pauses before the 2nd and 3rd try: short, because the run (and the CloudFront invalidation after it) waits. */
export const RETRY_DELAYS_MS = [250, 1000] as const;

/**
 * Notify: render the message once and deliver it to every channel the service routes to. At most
 * two messages per rollback: the first when Ripcord acts (or holds), the second with the outcome;
 * with a Slack bot the outcome updates the first Slack message in place.
 *
 * Channels are independent and each is retried on transient failures; every result is recorded.
 * Only when every channel failed does the step throw: a throw makes Step Functions run the step again,
 * which would send twice to a channel that had succeeded. After the shift the Catch turns it into a
 * warning; a notification never blocks or undoes a rollback.
 */
export async function notify(
  phase: NotifyPhase,
  state: RollbackState,
  config = Config.fromEnv(),
  options: DeliveryOptions = {},
): Promise<Notify.NotifyResult> {
  const env = options.env ?? process.env;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const message = Notify.render(phase, state, { links: Notify.linksFor(state.id, env) });
  const channels = channelsFor(phase, state, config, env);
  const results = await Promise.all(channels.map((channel) => deliver(channel, message, sleep)));
  const deliveries = results.map((r) => r.delivery);
  const failed = deliveries.filter((d) => !d.ok);
  if (channels.length > 0 && failed.length === channels.length) {
    throw new NotificationError(
      `every notification channel failed: ${failed.map((d) => `${d.channel} (${d.error})`).join("; ")}`,
    );
  }
  const slack = results.find((r) => r.slack)?.slack;
  return { subject: message.subject, text: message.text, deliveries, ...(slack && { slack }) };
}

async function deliver(
  channel: Channel,
  message: Notify.Message,
  sleep: (ms: number) => Promise<void>,
): Promise<{ delivery: Notify.Delivery; slack?: Notify.SlackMessageRef }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const sent = await channel.send(message);
      return {
        delivery: { channel: channel.name, ok: true, attempts: attempt },
        ...(sent?.slack && { slack: sent.slack }),
      };
    } catch (error) {
      const pause = RETRY_DELAYS_MS[attempt - 1];
      if (pause !== undefined && (error instanceof TransientError || isTransient(error))) {
        await sleep(pause);
        continue;
      }
      return {
        delivery: { channel: channel.name, ok: false, attempts: attempt, error: errorText(error) },
      };
    }
  }
}

/** Adapters put no URL, token or receiver body in their messages; the name says which kind of failure. */

function channelsFor(
  phase: NotifyPhase,
  state: RollbackState,
  config: Config.RipcordConfig,
  env: NodeJS.ProcessEnv,
): Channel[] {
  const routing = Config.serviceOf(config, state.service)?.notify;
  if (!routing) return [];
  const channels: Channel[] = [];
  const topic = topicArn(env);
  if (routing.sns && topic) {
    channels.push({
      name: "sns",
      send: (m) => Sns.publish(topic, m.subject, m.text, m.attributes).then(() => undefined),
    });
  }
  if (routing.slack) channels.push(slackChannel(phase, state, routing.slackChannel, env));
  if (routing.webhookUrl)
    channels.push(webhookChannel(routing.webhookUrl, env.RIPCORD_WEBHOOK_SECRET));
  return channels;
}

/** The bot (Web API) when it has a token and the service a channel; otherwise the incoming webhook. */
function slackChannel(
  phase: NotifyPhase,
  state: RollbackState,
  slackChannelName: string | undefined,
  env: NodeJS.ProcessEnv,
): Channel {
  const token = env.RIPCORD_SLACK_BOT_TOKEN;
  const webhookUrl = env.RIPCORD_SLACK_WEBHOOK_URL;
  if (token && slackChannelName) {
    // The state was parsed (RollbackState) by the step that received it: its notifyShifted is read as is.
    const first = phase === "outcome" ? state.notifyShifted?.slack : undefined;
    const options = { baseUrl: Slack.apiBaseUrl(env) };
    return {
      name: "slack",
      send: async (m) => {
        const content = { text: m.subject, blocks: m.blocks };
        if (first) {
          try {
            return { slack: await Slack.updateMessage(token, first, content, options) };
          } catch (error) {
            // Deleted or no longer editable: the outcome still has to reach the channel.
            if (!(error instanceof NotFoundError)) throw error;
          }
        }
        return {
          slack: await Slack.postMessage(token, { channel: slackChannelName, ...content }, options),
        };
      },
    };
  }
  if (webhookUrl) {
    return {
      name: "slack",
      send: (m) =>
        Webhook.post(webhookUrl, JSON.stringify({ text: m.subject, blocks: m.blocks })).then(
          () => undefined,
        ),
    };
  }
  return {
    name: "slack",
    send: () =>
      Promise.reject(
        new ConfigError(
          "notify.slack is on but neither RIPCORD_SLACK_BOT_TOKEN (with notify.slackChannel) nor RIPCORD_SLACK_WEBHOOK_URL is set",
        ),
      ),
  };
}

/** Signed JSON: receivers check the HMAC over timestamp and body, and refuse stale timestamps (replays). */
function webhookChannel(url: string, secret: string | undefined): Channel {
  if (!secret) {
    return {
      name: "webhook",
      send: () =>
        Promise.reject(
          new ConfigError(
            "RIPCORD_WEBHOOK_SECRET is not set: webhook notifications are only sent signed",
          ),
        ),
    };
  }
  return {
    name: "webhook",
    send: (m) => Webhook.post(url, JSON.stringify(m.payload), secret).then(() => undefined),
  };
}
