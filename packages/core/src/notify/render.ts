import type { NotifyPhase } from "../workflow/definition.ts";
import type { RollbackState } from "../state/index.ts";
import { slackBlocks, type SlackBlock } from "./blocks.ts";
import { factsOf, type Facts } from "./facts.ts";
import type { Links } from "./links.ts";
import { plainText } from "./text.ts";

export type { SlackBlock };

/** The generic webhook's JSON: the facts, plus an id a receiver can deduplicate retried deliveries by. */
export interface WebhookPayload extends Facts {
  schema: "ripcord.notification/1";
  /** `<rollback id>.<phase>`: the same for every retry of one message. */
  id: string;
  subject: string;
  text: string;
}

export interface Message {
  subject: string;
  /** Plain text: SNS, logs, the sandbox timeline. */
  text: string;
  /** Slack Block Kit blocks for an incoming webhook, chat.postMessage or chat.update. */
  blocks: SlackBlock[];
  /** Attributes for routing (SNS message attributes, subscription filters). */
  attributes: Record<string, string>;
  payload: WebhookPayload;
}

export interface RenderContext {
  /** Built by the caller (links.ts linksFor) so rendering reads no environment. */
  links?: Links;
}

/** What a person reads first: service and verdict in the title, then what happened and why, with numbers. */
export function render(
  phase: NotifyPhase,
  state: RollbackState,
  context: RenderContext = {},
): Message {
  const facts = factsOf(phase, state, context.links ?? {});
  const text = plainText(facts);
  return {
    subject: facts.title,
    text,
    blocks: slackBlocks(facts),
    attributes: {
      service: facts.service,
      phase,
      outcome: facts.outcome,
      verdict: facts.verdict,
      rollbackId: facts.rollbackId,
    },
    payload: {
      schema: "ripcord.notification/1",
      id: `${facts.rollbackId}.${phase}`,
      subject: facts.title,
      text,
      ...facts,
    },
  };
}
