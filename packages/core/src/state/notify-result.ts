import * as z from "zod/mini";

/** One channel's delivery of one message: recorded in the state and the history, retried or not. */
export const Delivery = z.object({
  channel: z.string(),
  ok: z.boolean(),
  /** Tries made, the successful one included. */
  attempts: z.optional(z.number().check(z.int(), z.gte(0))),
  /** The last error, without URLs, tokens or the receiver's body. */
  error: z.optional(z.string()),
});
export type Delivery = z.output<typeof Delivery>;

/** The Slack message the Web API posted: the outcome updates it in place (chat.update). */
export const SlackMessageRef = z.object({
  channel: z.string().check(z.minLength(1)),
  ts: z.string().check(z.minLength(1)),
});
export type SlackMessageRef = z.output<typeof SlackMessageRef>;

/** What a Notify step returns into the execution state (notifyShifted, notifyOutcome, ...). */
export const NotifyResult = z.object({
  timing: z.optional(z.object({ startedAt: z.string(), endedAt: z.string() })),
  subject: z.string(),
  text: z.string(),
  deliveries: z.array(Delivery),
  slack: z.optional(SlackMessageRef),
});
export type NotifyResult = z.output<typeof NotifyResult>;
