import { RipcordError } from "@ripcord/core/errors";
import * as Rollback from "@ripcord/core/rollback";
import type { SignalSource } from "@ripcord/core/signals";
import type { AlarmCheck } from "./alarms.ts";
import { Recorded } from "./describe-state.ts";
import type { Execution } from "./stepfunctions/index.ts";

export interface AliasRouting {
  version: string;
  /** Lambda's AdditionalVersionWeights as read from the endpoint ({} when none). */
  weights: Record<string, number>;
}

export interface AliasReport {
  function: string;
  name: string;
  before: AliasRouting;
  after: AliasRouting;
}

export type Outcome = "rolled-back" | "held" | "no-alarm" | "failed";

/** One execution as the sandbox saw it end: its final (or last known) state and when its shift returned. */
export interface FinishedExecution {
  execution: Execution;
  state: Rollback.RollbackState | undefined;
  raw: Record<string, unknown> | undefined;
  /** Wall-clock ms when the alarm event was handed to the trigger that started it. */
  alarmHandedAt: number;
  /** Wall-clock ms when the trigger returned. */
  startedAt: number;
  /** Wall-clock ms when Verify's state was exited. */
  decidedAt?: number;
}

export interface Summary {
  scenario: string;
  description?: string;
  expect: "rollback" | "hold";
  expectVersion?: string;
  /** The signal source the service was watched with (docs/design.md "Signals"). */
  signal: SignalSource;
  outcome: Outcome;
  matched: boolean;
  /** Why the outcome is what it is when no execution tells: e.g. failures the signal cannot see. */
  note?: string;
  warnings?: string[];
  decision?: { verdict: string; reason: string; action?: string; decisions?: unknown[] };
  alias: AliasReport;
  aliases: AliasReport[];
  alarms: Array<{
    name: string;
    kind: string;
    state: string;
    value?: number;
    threshold: number;
    breaching: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
  }>;
  executions: Array<{ name: string; executionArn: string; status: string; outcome: Outcome }>;
  invalidation?: { id: string; status: string };
  recovery?: { outcome: string; reason: string };
  notifications: Array<{ subject: string; text: string }>;
  timings: {
    deployMs: number;
    trafficMs: number;
    alarmToStartMs?: number;
    alarmToDecisionMs?: number;
    alarmToRestoredMs?: number;
    executionMs?: number;
    totalMs: number;
  };
  /** "Now" of the run: the alarms' state-change time. */
  now: string;
  endpoint: string;
}

const RANK: Record<Outcome, number> = { "rolled-back": 3, failed: 2, held: 1, "no-alarm": 0 };

function outcomeOf(run: FinishedExecution): Outcome {
  const recorded = Recorded.safeParse(run.raw?.recorded);
  const status = recorded.success
    ? recorded.data.status
    : run.state
      ? Rollback.statusOf(run.state)
      : "failed";
  if (status === "rolled-back" || status === "rolled-back-with-warnings") return "rolled-back";
  if (run.execution.status !== "SUCCEEDED" || status === "failed" || status === "aborted")
    return "failed";
  return "held";
}

function sameRouting(a: AliasRouting, b: AliasRouting): boolean {
  const sorted = (r: AliasRouting): string =>
    JSON.stringify([r.version, Object.entries(r.weights).sort()]);
  return sorted(a) === sorted(b);
}

/** docs/design.md's "matched": rollback lands on expectVersion with no weights; hold leaves the alias exactly as it began. */
export function matches(
  expect: "rollback" | "hold",
  expectVersion: string | undefined,
  outcome: Outcome,
  alias: AliasReport,
): boolean {
  if (expect === "rollback")
    return alias.after.version === expectVersion && Object.keys(alias.after.weights).length === 0;
  return (outcome === "held" || outcome === "no-alarm") && sameRouting(alias.before, alias.after);
}

function decisionOf(run: FinishedExecution | undefined): Summary["decision"] {
  const state = run?.state;
  if (!state)
    return run
      ? { verdict: "failed", reason: run.execution.error ?? "the execution ended without a state" }
      : undefined;
  if (state.verify) {
    return {
      verdict: state.verify.verdict,
      reason: state.verify.reason,
      action: state.verify.action,
      decisions: state.verify.decisions,
    };
  }
  if (state.lock && !state.lock.acquired)
    return { verdict: "skipped", reason: state.lock.reason ?? "the lock is held by another run" };
  if (state.error)
    return {
      verdict: "failed",
      reason: `${state.error.Error ?? "error"}: ${state.error.Cause ?? ""}`,
    };
  return { verdict: "none", reason: `the execution ended ${run.execution.status} before Verify` };
}

export interface SummaryInput {
  scenario: {
    name: string;
    description?: string;
    expect: "rollback" | "hold";
    expectVersion?: string;
  };
  checks: AlarmCheck[];
  runs: FinishedExecution[];
  aliases: AliasReport[];
  timings: { deployMs: number; trafficMs: number; totalMs: number };
  now: string;
  endpoint: string;
  signal: SignalSource;
  note?: string;
}

/** The run's JSON summary (docs/design.md "The local sandbox"), from the executions' states and the aliases read back from the endpoint. */
export function summarize(input: SummaryInput): Summary {
  const { runs, aliases } = input;
  const outcomes = runs.map(outcomeOf);
  const outcome: Outcome = input.checks.some((c) => c.evaluation.state === "ALARM")
    ? outcomes.reduce<Outcome>((best, o) => (RANK[o] > RANK[best] ? o : best), "held")
    : "no-alarm";
  // The run that moved the alias tells the story; otherwise the first one started.
  const primary = runs[outcomes.indexOf("rolled-back")] ?? runs[0];
  const alias = aliases[0];
  if (!alias) throw new RipcordError("the summary needs the watched alias, and none was read back");
  const recorded = Recorded.safeParse(primary?.raw?.recorded);
  const warnings = recorded.success ? (recorded.data.warnings ?? []) : [];
  const shiftedAt = (primary?.state?.shift?.results ?? [])
    .filter((r) => r.status === "shifted" && r.updatedAt)
    .map((r) => Date.parse(r.updatedAt ?? ""));
  const notifications = (["notifySkipped", "notifyHeld", "notifyShifted", "notifyOutcome"] as const)
    .map((key) => primary?.state?.[key])
    .filter((n) => n !== undefined)
    .map((n) => ({ subject: n.subject, text: n.text }));
  const started = primary?.execution.startDate.getTime();
  const stopped = primary?.execution.stopDate?.getTime();
  return {
    scenario: input.scenario.name,
    ...(input.scenario.description && { description: input.scenario.description }),
    expect: input.scenario.expect,
    ...(input.scenario.expectVersion && { expectVersion: input.scenario.expectVersion }),
    signal: input.signal,
    outcome,
    matched: matches(input.scenario.expect, input.scenario.expectVersion, outcome, alias),
    ...(input.note !== undefined && { note: input.note }),
    ...(warnings.length > 0 && { warnings }),
    ...(primary && { decision: decisionOf(primary) }),
    alias,
    aliases,
    alarms: input.checks.map(({ spec, evaluation }) => ({
      name: spec.name,
      kind: spec.kind,
      state: evaluation.state,
      ...(evaluation.value !== undefined && { value: evaluation.value }),
      threshold: spec.threshold,
      breaching: evaluation.breaching,
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
    })),
    executions: runs.map((run, i) => ({
      name: run.execution.name,
      executionArn: run.execution.executionArn,
      status: run.execution.status,
      outcome: outcomes[i] ?? "failed",
    })),
    ...(primary?.state?.invalidation && {
      invalidation: {
        id: primary.state.invalidation.id,
        status: primary.state.invalidation.status,
      },
    }),
    ...(primary?.state?.confirm && {
      recovery: { outcome: primary.state.confirm.outcome, reason: primary.state.confirm.reason },
    }),
    notifications,
    timings: {
      deployMs: input.timings.deployMs,
      trafficMs: input.timings.trafficMs,
      ...(primary && { alarmToStartMs: primary.startedAt - primary.alarmHandedAt }),
      ...(primary?.decidedAt !== undefined && {
        alarmToDecisionMs: primary.decidedAt - primary.alarmHandedAt,
      }),
      ...(shiftedAt.length > 0 &&
        primary && { alarmToRestoredMs: Math.max(...shiftedAt) - primary.alarmHandedAt }),
      ...(started !== undefined && stopped !== undefined && { executionMs: stopped - started }),
      totalMs: input.timings.totalMs,
    },
    now: input.now,
    endpoint: input.endpoint,
  };
}
