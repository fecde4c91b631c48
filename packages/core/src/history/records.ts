import * as z from "zod/mini";
import { AliasRoutingSchema } from "../release/schema.ts";
import { DecisionSchema } from "../verify/schema.ts";

/**
 * The history of rollbacks: one record per run and one per step that ran. The domain's own shapes:
 * the store maps them to and from its items, and the API returns them as they are here.
 */

const isoTime = z.iso.datetime({ offset: true });
const numbers = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

/** The service's verdict, or the guard that held it (rule: "paused", "cooldown", ...), with its reason. */
export const RollbackDecisionSchema = z.object({
  verdict: z.enum(["rollback", "hold", "inconclusive"]),
  reason: z.string(),
  rule: z.optional(z.string()),
  numbers: z.optional(numbers),
  decisions: z.optional(z.array(DecisionSchema)),
});

/** One function's alias move (or why it did not move). */
export const ShiftSchema = z.object({
  function: z.string(),
  alias: z.string(),
  before: AliasRoutingSchema,
  target: z.string(),
  after: z.optional(AliasRoutingSchema),
  status: z.enum(["shifted", "skipped", "aborted", "failed"]),
  reason: z.optional(z.string()),
  /** ISO time UpdateAlias returned. */
  at: z.optional(isoTime),
});

export const InvalidationSchema = z.object({
  distributionId: z.string(),
  paths: z.array(z.string()),
  id: z.optional(z.string()),
  status: z.string(),
});

export const OutcomeSchema = z.object({
  result: z.enum(["recovered", "not-recovered", "unknown"]),
  reason: z.string(),
  numbers: z.optional(numbers),
});

export const RollbackStatusSchema = z.enum([
  "running",
  "rolled-back",
  "rolled-back-with-warnings",
  "held",
  "failed",
  "aborted",
]);

export const RollbackRecordSchema = z.object({
  /** The execution name. */
  id: z.string().check(z.minLength(1)),
  service: z.string(),
  source: z.enum(["alarm", "manual"]),
  actor: z.optional(z.string()),
  reason: z.optional(z.string()),
  status: RollbackStatusSchema,
  startedAt: isoTime,
  endedAt: z.optional(isoTime),
  /** The execution's "now". */
  now: isoTime,
  decision: z.optional(RollbackDecisionSchema),
  shifts: z.optional(z.array(ShiftSchema)),
  invalidation: z.optional(InvalidationSchema),
  outcome: z.optional(OutcomeSchema),
  warnings: z.optional(z.array(z.string())),
  executionArn: z.optional(z.string()),
});

export const StepRecordSchema = z.object({
  /** The state's name: "Resolve", "Lock", "Verify", ... */
  name: z.string().check(z.minLength(1)),
  status: z.enum(["ok", "failed", "skipped"]),
  startedAt: isoTime,
  endedAt: z.optional(isoTime),
  durationMs: z.optional(z.number()),
  /** What the step found or did, as shown in the history (JSON values). */
  detail: z.optional(z.record(z.string(), z.unknown())),
  /** The typed error's name and message when it failed. */
  error: z.optional(z.string()),
});

export type RollbackStatus = z.output<typeof RollbackStatusSchema>;

/** Statuses in which a rollback shifted traffic: what the daily cap counts. */
export const SHIFTED: readonly RollbackStatus[] = ["rolled-back", "rolled-back-with-warnings"];

export type RollbackDecision = z.output<typeof RollbackDecisionSchema>;
export type ShiftRecord = z.output<typeof ShiftSchema>;
export type InvalidationRecord = z.output<typeof InvalidationSchema>;
export type OutcomeRecord = z.output<typeof OutcomeSchema>;
export type RollbackRecord = z.output<typeof RollbackRecordSchema>;
export type StepRecord = z.output<typeof StepRecordSchema>;
