import * as Config from "../config/index.ts";
import * as Notify from "../notify/index.ts";
import { Sns, Webhook } from "../aws/index.ts";
import type { NotifyPhase } from "../workflow/definition.ts";
import { NotificationError } from "../errors/index.ts";
import { topicArn } from "./env.ts";
import type { NotifyResult, RollbackState } from "./state.ts";

interface Channel {
  name: string;
  send(message: Notify.Message): Promise<unknown>;
}

/**
 * Notify: render the message once, deliver it to every channel the service routes to. Channels are
 * independent: one failing does not stop the others. If every channel failed the step throws, so the
 * state's Retry tries again and, after the shift, its Catch records the failure as a warning.
 */
export async function notify(phase: NotifyPhase, state: RollbackState, config = Config.fromEnv()): Promise<NotifyResult> {
  const message = Notify.render(phase, state);
  const channels = channelsFor(state.service, config);
  const deliveries = await Promise.all(
    channels.map(async (channel) => {
      try {
        await channel.send(message);
        return { channel: channel.name, ok: true };
      } catch (error) {
        return { channel: channel.name, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
      }
    }),
  );
  const failed = deliveries.filter((d) => !d.ok);
  if (channels.length > 0 && failed.length === channels.length) {
    throw new NotificationError(`every notification channel failed: ${failed.map((d) => `${d.channel} (${d.error})`).join("; ")}`);
  }
  return { subject: message.subject, text: message.text, deliveries };
}

function channelsFor(serviceName: string, config: Config.RipcordConfig): Channel[] {
  const routing = Config.serviceOf(config, serviceName)?.notify;
  const channels: Channel[] = [];
  const topic = topicArn();
  if (routing?.sns && topic) {
    channels.push({ name: "sns", send: (m) => Sns.publish(topic, m.subject, m.text, m.attributes) });
  }
  const slackUrl = process.env.RIPCORD_SLACK_WEBHOOK_URL;
  if (routing?.slack && slackUrl) {
    channels.push({ name: "slack", send: (m) => Webhook.post(slackUrl, JSON.stringify({ text: m.subject, blocks: m.blocks })) });
  }
  const webhookUrl = routing?.webhookUrl;
  if (webhookUrl) {
    const secret = process.env.RIPCORD_WEBHOOK_SECRET;
    channels.push({
      name: "webhook",
      send: (m) => Webhook.post(webhookUrl, JSON.stringify({ subject: m.subject, text: m.text, ...m.attributes }), secret),
    });
  }
  return channels;
}
