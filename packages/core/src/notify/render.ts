import type { NotifyPhase } from "../workflow/definition.ts";
import type { RollbackState, ShiftOutcome } from "../rollback/state.ts";

export interface Message {
  subject: string;
  /** Plain text: SNS, logs, the sandbox timeline. */
  text: string;
  /** Slack Block Kit blocks for an incoming webhook or chat.postMessage. */
  blocks: SlackBlock[];
  /** Attributes for routing (SNS message attributes, webhook fields). */
  attributes: Record<string, string>;
}

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

/** What a person reads first: service and verdict in the title, then what happened and why, with numbers. */
export function render(phase: NotifyPhase, state: RollbackState): Message {
  const title = titleOf(phase, state);
  const lines = [...whatHappened(phase, state), ...why(state), ...trigger(state)];
  const text = [title, "", ...lines].join("\n");
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
    ...lines.filter((line) => line !== "").map((line): SlackBlock => ({ type: "section", text: { type: "mrkdwn", text: line } })),
    { type: "context", elements: [{ type: "mrkdwn", text: `rollback ${state.id} · now ${state.now}` }] },
  ];
  return {
    subject: title.slice(0, 99),
    text,
    blocks,
    attributes: { service: state.service, phase, outcome: outcomeOf(phase, state), rollbackId: state.id },
  };
}

function outcomeOf(phase: NotifyPhase, state: RollbackState): string {
  if (phase === "skipped") return "skipped";
  if (phase === "held") return "held";
  if (phase === "shifted") return state.shift?.complete ? "rolled-back" : "partial";
  return state.confirm?.outcome ?? "unknown";
}

function titleOf(phase: NotifyPhase, state: RollbackState): string {
  const service = state.service;
  switch (phase) {
    case "skipped":
      return `[${service}] Ripcord did not act: ${state.lock?.reason ?? "the rollback was skipped"}`;
    case "held":
      return state.shift && !state.shift.shifted
        ? `[${service}] Rollback aborted: ${state.shift.reason}`
        : `[${service}] Holding: ${state.verify?.verdict ?? "no"} verdict, alias left as it is`;
    case "shifted":
      return state.shift?.complete
        ? `[${service}] Rolled back: ${shiftsSummary(state.shift.results)}`
        : `[${service}] Partly rolled back: ${state.shift?.reason ?? ""}`;
    case "outcome": {
      const outcome = state.confirm?.outcome ?? "unknown";
      const word = outcome === "recovered" ? "recovered" : outcome === "not-recovered" ? "NOT recovered" : "recovery unknown";
      return `[${service}] After the rollback: ${word}`;
    }
  }
}

function shiftsSummary(results: ShiftOutcome[]): string {
  return results.map((r) => `${r.function}:${r.alias} ${r.from.version} -> ${r.to}`).join(", ");
}

function whatHappened(phase: NotifyPhase, state: RollbackState): string[] {
  const lines: string[] = [];
  if (state.shift && (phase === "shifted" || phase === "outcome")) {
    for (const r of state.shift.results) {
      lines.push(`• ${r.function}:${r.alias}: ${r.status === "shifted" || r.status === "already-there" ? `now on version ${r.to} (was ${r.from.version})` : `${r.status}: ${r.error ?? ""}`}`);
    }
  }
  if (phase === "outcome") {
    if (state.invalidation) lines.push(`CloudFront invalidation ${state.invalidation.id}: ${state.invalidation.status}`);
    if (state.invalidateError) lines.push(`CloudFront invalidation failed: ${state.invalidateError.Error ?? "error"}`);
    if (state.confirm) lines.push(`Recovery: ${state.confirm.outcome} (${state.confirm.reason})`);
  }
  if (phase === "held" && state.shift && !state.shift.shifted) lines.push(state.shift.reason);
  return lines;
}

function why(state: RollbackState): string[] {
  if (!state.verify) return [];
  return [`Why: ${state.verify.reason}`];
}

function trigger(state: RollbackState): string[] {
  if (state.alarm) return [`Alarm: ${state.alarm.name} entered ALARM at ${state.alarm.stateChangeTime}`];
  if (state.manual) return [`Asked by ${state.manual.actor}: ${state.manual.reason}`];
  return [];
}
