import * as z from "zod";

/** One channel's delivery of one message: recorded in the state and the history, retried or not. */
export const Delivery = z.object({
  channel: z.string(),
  ok: z.boolean(),
  /** Tries made, the successful one included. */
  attempts: z.number().int().min(0).optional(),
  /** The last error, without URLs, tokens or the receiver's body. */
  error: z.string().optional(),
});
export type Delivery = z.output<typeof Delivery>;

/** The Slack message the Web API posted: the outcome updates it in place (chat.update). */
export const SlackMessageRef = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
export type SlackMessageRef = z.output<typeof SlackMessageRef>;

/** What a Notify step returns into the execution state (notifyShifted, notifyOutcome, ...). */
export const NotifyResult = z.object({
  timing: z.object({ startedAt: z.string(), endedAt: z.string() }).optional(),
  subject: z.string(),
  text: z.string(),
  deliveries: z.array(Delivery),
  slack: SlackMessageRef.optional(),
});
export type NotifyResult = z.output<typeof NotifyResult>;
