import type { RollbackRecord, RollbackStatus, ShiftRecord, StepRecord } from "../history/index.ts";
import { causeMessage } from "../notify/format.ts";
import { WARNING_KEYS } from "../workflow/definition.ts";
import type { RollbackState, ShiftOutcome, Timing } from "../state/index.ts";

/** How a run ended, from its state alone. */
export function statusOf(state: RollbackState): RollbackStatus {
  if (state.error) return state.shift?.shifted ? "rolled-back-with-warnings" : "failed";
  if (!state.shift?.shifted)
    return state.shift && state.shift.results.some((r) => r.status === "failed")
      ? "failed"
      : "held";
  return warningsOf(state).length > 0 ? "rolled-back-with-warnings" : "rolled-back";
}

/** Everything that went wrong after (or beside) a shift, in words. */
export function warningsOf(state: RollbackState): string[] {
  const warnings: string[] = [];
  for (const key of WARNING_KEYS) {
    const error = state[key];
    if (error)
      warnings.push(
        `${key.replace(/Error$/, "")} failed: ${error.Error ?? "error"}${error.Cause ? ` (${causeMessage(error.Cause)})` : ""}`,
      );
  }
  if (state.shift && state.shift.shifted && !state.shift.complete)
    warnings.push(`not every alias shifted: ${state.shift.reason}`);
  for (const key of ["notifyShifted", "notifyOutcome", "notifyHeld", "notifySkipped"] as const) {
    for (const delivery of state[key]?.deliveries ?? []) {
      if (!delivery.ok)
        warnings.push(`${delivery.channel} notification failed: ${delivery.error ?? "error"}`);
    }
  }
  if (state.error)
    warnings.push(
      `a step failed: ${state.error.Error ?? "error"}${state.error.Cause ? ` (${causeMessage(state.error.Cause)})` : ""}`,
    );
  return warnings;
}

function shiftRecord(r: ShiftOutcome): ShiftRecord {
  const ok = r.status === "shifted" || r.status === "already-there";
  return {
    function: r.function,
    alias: r.alias,
    before: r.from,
    target: r.to,
    ...(ok && { after: { version: r.to, weights: {} } }),
    status: r.status === "already-there" ? "skipped" : r.status === "moved" ? "aborted" : r.status,
    ...(r.error && { reason: r.error }),
    ...(r.updatedAt && { at: r.updatedAt }),
  };
}

/** The history record of a run as it stands. */
export function recordOf(state: RollbackState, endedAt: string | undefined): RollbackRecord {
  const verify = state.verify;
  const heldBy = state.lock && !state.lock.acquired ? state.lock.reason : undefined;
  return {
    id: state.id,
    service: state.service,
    source: state.source,
    ...(state.manual && { actor: state.manual.actor, reason: state.manual.reason }),
    ...(state.alarm && { reason: `alarm ${state.alarm.name}` }),
    status: endedAt ? statusOf(state) : "running",
    startedAt: state.resolved?.timing?.startedAt ?? state.now,
    ...(endedAt && { endedAt }),
    now: state.now,
    ...(heldBy && { decision: { verdict: "hold" as const, reason: heldBy, rule: "guard" } }),
    // Verify runs beside Lock: when the lock was refused, its verdict was never acted on.
    ...(verify &&
      !heldBy && {
        decision: {
          verdict: verify.verdict === "manual" ? ("rollback" as const) : verify.verdict,
          reason: verify.reason,
          rule: verify.verdict === "manual" ? "manual" : undefined,
          decisions: verify.decisions,
        },
      }),
    ...(state.shift && { shifts: state.shift.results.map(shiftRecord) }),
    ...(state.resolved?.cloudfront &&
      state.shift?.shifted && {
        invalidation: {
          distributionId: state.resolved.cloudfront.distributionId,
          paths: state.resolved.cloudfront.paths,
          ...(state.invalidation && { id: state.invalidation.id }),
          status: state.invalidation?.status ?? (state.invalidateError ? "failed" : "not started"),
        },
      }),
    ...(state.confirm && {
      outcome: { result: state.confirm.outcome, reason: state.confirm.reason },
    }),
    ...(warningsOf(state).length > 0 && { warnings: warningsOf(state) }),
  };
}

/** Each step that ran, with its timing and a short result, for GET /rollbacks/:id. */
export function stepsOf(state: RollbackState): StepRecord[] {
  const steps: StepRecord[] = [];
  const add = (
    name: string,
    timing: Timing | undefined,
    detail: Record<string, unknown>,
    failed = false,
  ) => {
    if (!timing) return;
    steps.push({
      name,
      status: failed ? "failed" : "ok",
      startedAt: timing.startedAt,
      endedAt: timing.endedAt,
      durationMs: Date.parse(timing.endedAt) - Date.parse(timing.startedAt),
      detail,
    });
  };
  add("Resolve", state.resolved?.timing, {
    functions: state.resolved?.functions.map((f) => ({
      name: f.name,
      current: f.current,
      target: f.target,
    })),
  });
  add("Lock", state.lock?.timing, { acquired: state.lock?.acquired, reason: state.lock?.reason });
  add("Verify", state.verify?.timing, {
    verdict: state.verify?.verdict,
    action: state.verify?.action,
    reason: state.verify?.reason,
  });
  add(
    "Shift",
    state.shift?.timing,
    {
      complete: state.shift?.complete,
      reason: state.shift?.reason,
      // The record holds the shifts only once Record runs; this is what a running run has done so far.
      shifts: state.shift?.results.map(shiftRecord),
    },
    state.shift ? !state.shift.shifted : false,
  );
  add("NotifyShifted", state.notifyShifted?.timing, { subject: state.notifyShifted?.subject });
  add("NotifyHold", state.notifyHeld?.timing, { subject: state.notifyHeld?.subject });
  add("NotifySkipped", state.notifySkipped?.timing, { subject: state.notifySkipped?.subject });
  add("Invalidate", state.invalidation?.timing, {
    id: state.invalidation?.id,
    status: state.invalidation?.status,
  });
  add("Confirm", state.confirm?.timing, {
    outcome: state.confirm?.outcome,
    reason: state.confirm?.reason,
  });
  add("NotifyOutcome", state.notifyOutcome?.timing, { subject: state.notifyOutcome?.subject });
  return steps;
}
