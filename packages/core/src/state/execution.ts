import * as z from "zod/mini";
import { ExecutionInput } from "../workflow/input.ts";
import { AliasRoutingSchema, ReleaseSchema } from "../release/schema.ts";
import { BaselineSummarySchema } from "../verify/baseline-summary.ts";
import { DecisionSchema } from "../verify/schema.ts";
import { NotifyResult } from "./notify-result.ts";

/**
 * What each step adds to the execution state. Steps parse the state with these schemas rather than
 * trusting it: the same JSON travels through Step Functions, the sandbox and the API.
 */

/** Wall-clock start and end of a step, added by the handler wrapper: for history and benchmarks, never for decisions. */
export const Timing = z.object({ startedAt: z.string(), endedAt: z.string() });
export type Timing = z.output<typeof Timing>;
const timing = z.optional(Timing);

export const Routing = AliasRoutingSchema;
export type Routing = z.output<typeof Routing>;

export const FunctionPlan = z.object({
  name: z.string(),
  alias: z.string(),
  /** The alias as Resolve read it; Shift refuses to write if it changed since. */
  routing: Routing,
  revisionId: z.optional(z.string()),
  /** The version at fault: the canary's version when weighted, else the alias version. */
  current: z.string(),
  /** The last known-good version to return to, if there is one. */
  target: z.optional(z.string()),
  targetReason: z.string(),
  /** Versions between the target and the current one marked reversible: false. */
  irreversible: z.array(z.string()),
  /** The ledger as Resolve saw it (with the alias's current routing observed), for Verify. */
  ledger: z.array(ReleaseSchema),
  /** The reconciler's summary of a baseline hour, kept on the ledger item: Verify then does not read the hour. */
  baseline: z.optional(BaselineSummarySchema),
});
export type FunctionPlan = z.output<typeof FunctionPlan>;

export const Resolved = z.object({
  timing,
  service: z.string(),
  functions: z.array(FunctionPlan),
  cloudfront: z.optional(z.object({ distributionId: z.string(), paths: z.array(z.string()) })),
  confirmAfterSeconds: z.number(),
  dryRun: z.boolean(),
});
export type Resolved = z.output<typeof Resolved>;

export const LockResult = z.object({
  timing,
  acquired: z.boolean(),
  owner: z.string(),
  /** Why the rollback did not go ahead (held by another run, paused, cooling down, daily cap). */
  reason: z.optional(z.string()),
});
export type LockResult = z.output<typeof LockResult>;

/** What Verify read of a target version for Shift: its state, or why it could not be read. */
export const TargetCheck = z.union([
  z.object({ version: z.string(), state: z.string() }),
  z.object({ version: z.string(), error: z.string() }),
]);
export type TargetCheck = z.output<typeof TargetCheck>;

export const VerifyResult = z.object({
  timing,
  action: z.enum(["shift", "hold"]),
  verdict: z.enum(["rollback", "hold", "inconclusive", "manual"]),
  reason: z.string(),
  decisions: z.array(DecisionSchema),
  /** function -> version the alias returns to. */
  targets: z.record(z.string(), z.string()),
  /** function -> its target's state, read beside the metrics (absent: Shift reads it itself). */
  targetChecks: z.optional(z.record(z.string(), TargetCheck)),
});
export type VerifyResult = z.output<typeof VerifyResult>;

export const ShiftOutcome = z.object({
  function: z.string(),
  alias: z.string(),
  from: Routing,
  to: z.string(),
  status: z.enum(["shifted", "already-there", "moved", "failed"]),
  error: z.optional(z.string()),
  startedAt: z.string(),
  updatedAt: z.optional(z.string()),
});
export type ShiftOutcome = z.output<typeof ShiftOutcome>;

export const ShiftResult = z.object({
  timing,
  /** At least one alias now serves its target: what follows (notify, invalidate, confirm) runs. */
  shifted: z.boolean(),
  /** Every alias serves its target. */
  complete: z.boolean(),
  results: z.array(ShiftOutcome),
  reason: z.string(),
});
export type ShiftResult = z.output<typeof ShiftResult>;

export const InvalidationResult = z.object({
  timing,
  id: z.string(),
  status: z.string(),
  done: z.boolean(),
  checks: z.number(),
});
export type InvalidationResult = z.output<typeof InvalidationResult>;

export const ConfirmResult = z.object({
  timing,
  outcome: z.enum(["recovered", "not-recovered", "unknown"]),
  reason: z.string(),
});
export type ConfirmResult = z.output<typeof ConfirmResult>;

const StepError = z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) });

/** The whole execution state; each field appears once its step has run. */
export const RollbackState = z.looseObject({
  ...ExecutionInput.shape,
  resolved: z.optional(Resolved),
  lock: z.optional(LockResult),
  verify: z.optional(VerifyResult),
  shift: z.optional(ShiftResult),
  invalidation: z.optional(InvalidationResult),
  confirm: z.optional(ConfirmResult),
  notifyShifted: z.optional(NotifyResult),
  notifyOutcome: z.optional(NotifyResult),
  notifyHeld: z.optional(NotifyResult),
  notifySkipped: z.optional(NotifyResult),
  error: z.optional(StepError),
  notifySkippedError: z.optional(StepError),
  notifyHeldError: z.optional(StepError),
  notifyShiftedError: z.optional(StepError),
  notifyOutcomeError: z.optional(StepError),
  invalidateError: z.optional(StepError),
  confirmError: z.optional(StepError),
});
export type RollbackState = z.output<typeof RollbackState>;
