import type { Release } from "../release/types.ts";
import type { SignalSource } from "../signals/index.ts";
import type { BaselineSummary } from "./baseline-summary.ts";

export type AlarmKind = "errorRate" | "latency";

/** One period of one metric stream (alias level or one version). */
export interface PeriodStats {
  /** ISO start of the period. */
  start: string;
  requests: number;
  errors: number;
  /** Latency statistic for the period (p99 on AWS, Maximum locally); absent without data. */
  latencyMs?: number;
}

export type Verdict = "rollback" | "hold" | "inconclusive";

/** Which of docs/design.md's four rules decided. */
export type DecisionRule = "target" | "attributable" | "baseline" | "effect";

export interface Decision {
  verdict: Verdict;
  rule: DecisionRule;
  /** The reason in words, with its numbers, as a person reads it in a notification. */
  reason: string;
  alarm: string;
  function: string;
  currentVersion?: string;
  targetVersion?: string;
  /** The source the metrics came from, so a notification words the error measure as it does. */
  signal?: SignalSource;
  numbers: Record<string, number | string | null>;
}

export type { Release };

/** The alarm in ALARM that asks for a decision, as its spec defines it. */
export interface AlarmUnderTest {
  name: string;
  kind: AlarmKind;
  function: string;
  /** Percent for an error-rate alarm, milliseconds for a latency alarm; breaching when above. */
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
}

export interface DecisionPolicy {
  stabilityWindowMinutes: number;
  onInconclusive: "hold" | "rollback";
}

/** Per-period stats, one period per entry (missing periods had no data). */
export interface DecisionMetrics {
  /** The alias as a whole (latency: the alias-level statistic). */
  alias: PeriodStats[];
  /** Per executed version. */
  byVersion: Record<string, PeriodStats[]>;
}

export interface DecisionInput {
  /** ISO "now" from the execution input (the alarm's state-change time), never the clock. */
  now: string;
  alarm: AlarmUnderTest;
  policy: DecisionPolicy;
  /** The alarm function's release ledger. */
  ledger: Release[];
  metrics: DecisionMetrics;
  /** Where the metrics come from (the service's signal source); carried into the decision. */
  signal?: SignalSource;
  /**
   * The evaluation window as the firing alarm evaluated it (the start of its last period, from the
   * event's evaluated datapoints and query date). Absent: the last evaluationPeriods known periods.
   */
  window?: { lastPeriodStart: string };
  /**
   * ISO time up to which metrics are surely published: a period that ends after it and has no
   * datapoint yet is not yet known, never healthy. Absent: every period that ends by "now" is
   * known (metrics published on time).
   */
  knownUntil?: string;
  /**
   * Summaries of known-good versions' baseline hours, kept by the reconciler
   * (baseline-summary.ts): one of the same baseline stands in for reading the hour.
   */
  baselineSummaries?: BaselineSummary[];
  /** The latency statistic the metrics are read with; a summary counts only when read with the same. */
  latencyStatistic?: string;
}

/** Half-open ISO time range [from, to). */
export interface TimeRange {
  from: string;
  to: string;
}

/** What Verify must fetch before it can decide, at one-period resolution. */
export interface RequiredMetrics extends TimeRange {
  periodSeconds: number;
  /** Alias level: the onset look-back up to the end of the evaluation window. */
  alias: TimeRange;
  /** Per version: the current version over the evaluation window, the baseline version over its baseline window. */
  byVersion: Record<string, TimeRange>;
  versions: string[];
}

export interface ServiceDecision {
  verdict: Verdict;
  decisions: Decision[];
}

export type ConfirmOutcome = "recovered" | "not-recovered" | "unknown";

export interface ConfirmInput {
  now: string;
  /** ISO time of the shift: when given, only periods that start at or after it count. */
  shiftedAt?: string;
  periodSeconds: number;
  thresholds: { errorRatePercent: number; latencyMs: number };
  /** The version the alias was shifted to. */
  version: string;
  /**
   * That version's own stats (ExecutedVersion), never the alias level: in the period of the shift
   * the alias level still carries the old version's last requests.
   */
  stats: PeriodStats[];
  /** ISO time up to which metrics are published; absent: every period that ends by "now". */
  knownUntil?: string;
}

export interface ConfirmResult {
  outcome: ConfirmOutcome;
  reason: string;
  numbers: Record<string, number | string | null>;
}
