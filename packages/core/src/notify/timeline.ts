import type { RollbackState, VerifyResult } from "../state/index.ts";
import { stepErrorText } from "./format.ts";
import { routingText } from "./versions.ts";

/** One moment of the run. `at` is absent when the step left no time (a caught error). */
export interface TimelineEntry {
  at?: string;
  what: string;
}

/**
 * What happened, in order: alarm (or request), verdict, shift, invalidation, recovery. Times are the
 * steps' own: the alarm's state-change time, then each step's end (wall clock, for people only).
 */
export function timeline(state: RollbackState): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  if (state.alarm)
    entries.push({
      at: state.alarm.stateChangeTime,
      what: `alarm ${state.alarm.name} entered ALARM`,
    });
  else if (state.manual)
    entries.push({ at: state.now, what: `${state.manual.actor} asked for a rollback` });

  if (state.lock && !state.lock.acquired) {
    entries.push({
      ...at(state.lock.timing?.endedAt),
      what: `not acting: ${state.lock.reason ?? "the service is locked"}`,
    });
  }
  if (state.verify)
    entries.push({ ...at(state.verify.timing?.endedAt), what: verified(state.verify) });
  for (const r of state.shift?.results ?? []) {
    const name = `${r.function}:${r.alias}`;
    if (r.status === "shifted" || r.status === "already-there") {
      entries.push({
        ...at(r.updatedAt),
        what: `shifted ${name} ${routingText(r.from)} -> ${r.to}`,
      });
    } else {
      entries.push({
        ...at(r.startedAt),
        what: `${name} not shifted (${r.status === "moved" ? "a newer deploy moved it" : "failed"})`,
      });
    }
  }
  if (state.invalidation) {
    entries.push({
      ...at(state.invalidation.timing?.endedAt),
      what: `CloudFront invalidation ${state.invalidation.id}: ${state.invalidation.status}`,
    });
  } else if (state.invalidateError) {
    entries.push({
      what: `CloudFront invalidation failed: ${stepErrorText(state.invalidateError)}`,
    });
  }
  if (state.confirm)
    entries.push({
      ...at(state.confirm.timing?.endedAt),
      what: `recovery: ${state.confirm.outcome}`,
    });
  else if (state.confirmError)
    entries.push({ what: `recovery check failed: ${stepErrorText(state.confirmError)}` });
  if (state.error) entries.push({ what: `a step failed: ${stepErrorText(state.error)}` });
  return entries;
}

function verified(verify: VerifyResult): string {
  if (verify.verdict === "manual")
    return verify.action === "shift"
      ? "manual rollback, not verified"
      : "manual rollback, alias left alone";
  const leftAlone =
    verify.verdict === "rollback" && verify.action === "hold" ? ", alias left alone" : "";
  return `verified: ${verify.verdict}${leftAlone}`;
}

function at(iso: string | undefined): { at?: string } {
  return iso ? { at: iso } : {};
}
