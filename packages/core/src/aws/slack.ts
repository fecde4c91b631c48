import * as z from "zod/mini";
import { ConfigError, NotFoundError, TransientError } from "../errors/index.ts";

/**
 * Slack Web API (chat.postMessage, chat.update) over fetch: a bot token can edit the message it
 * posted, which an incoming webhook cannot, so the outcome replaces the first message in place.
 */

export interface SlackMessage {
  /** A channel id (C0123ABCD) or #name; the answer carries the id, which chat.update needs. */
  channel: string;
  /** The notification's fallback text (push notifications, screen readers). */
  text: string;
  blocks: readonly object[];
}

export interface SlackOptions {
  /** RIPCORD_SLACK_API_URL, for a local fake; https://slack.com/api by default. */
  baseUrl?: string;
  timeoutMs?: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

const DEFAULT_BASE_URL = "https://slack.com/api";

const Answer = z.object({
  ok: z.boolean(),
  // Slack's error codes are short snake_case words; anything else is not shown.
  error: z.catch(z.optional(z.string().check(z.regex(/^[a-z0-9_]{1,64}$/))), undefined),
  channel: z.optional(z.string().check(z.minLength(1))),
  ts: z.optional(z.string().check(z.minLength(1))),
});

// Worth another try later: Slack is overloaded or rate-limits the token.
const TRANSIENT_CODES = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);
// The message to update is gone or no longer editable: post a new one instead.
const GONE_CODES = new Set(["message_not_found", "cant_update_message", "edit_window_closed"]);

export function apiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.RIPCORD_SLACK_API_URL || DEFAULT_BASE_URL).replace(/\/+$/, "");
}

/** chat.postMessage; returns the channel id and the message's ts. */
export function postMessage(
  token: string,
  message: SlackMessage,
  options: SlackOptions = {},
): Promise<PostedMessage> {
  return call(
    "chat.postMessage",
    token,
    { channel: message.channel, text: message.text, blocks: message.blocks },
    options,
  );
}

/** chat.update of a message this token posted. NotFoundError when it is gone or no longer editable. */
export function updateMessage(
  token: string,
  posted: PostedMessage,
  message: Omit<SlackMessage, "channel">,
  options: SlackOptions = {},
): Promise<PostedMessage> {
  return call(
    "chat.update",
    token,
    { channel: posted.channel, ts: posted.ts, text: message.text, blocks: message.blocks },
    options,
  );
}

async function call(
  method: string,
  token: string,
  body: object,
  options: SlackOptions,
): Promise<PostedMessage> {
  const url = `${options.baseUrl ?? apiBaseUrl()}/${method}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json; charset=utf-8",
      },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new TransientError(`Slack ${method} did not answer`, { cause: error });
  }
  if (response.status === 429 || response.status >= 500) {
    await response.body?.cancel();
    const retryAfter = response.headers.get("retry-after");
    throw new TransientError(
      `Slack ${method} answered HTTP ${response.status}${retryAfter ? ` (retry after ${retryAfter} s)` : ""}`,
    );
  }
  if (response.status < 200 || response.status >= 300) {
    await response.body?.cancel();
    throw new ConfigError(`Slack ${method} refused the request (HTTP ${response.status})`);
  }
  const answer = Answer.safeParse(await response.json().catch(() => undefined));
  if (!answer.success)
    throw new TransientError(`Slack ${method} answered with something that is not its JSON`);
  const { ok, error, channel, ts } = answer.data;
  if (ok && channel && ts) return { channel, ts };
  const code = error ?? (ok ? "no_channel_or_ts" : "unknown_error");
  if (TRANSIENT_CODES.has(code)) throw new TransientError(`Slack ${method} failed: ${code}`);
  if (GONE_CODES.has(code)) throw new NotFoundError(`Slack ${method} failed: ${code}`);
  throw new ConfigError(
    `Slack ${method} failed: ${code} (check the bot token, its scopes and the channel)`,
  );
}
