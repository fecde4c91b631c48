import type { Release } from "../release/types.ts";

export type AlarmKind = "errorRate" | "latency";

/** One period of one metric stream (alias level or one version). */
export interface PeriodStats {
  /** ISO start of the period. */
  start: string;
  invocations: number;
  errors: number;
  /** Latency statistic for the period (p99 on AWS, Maximum locally); absent without data. */
  latencyMs?: number;
}

export type Verdict = "rollback" | "hold" | "inconclusive";

/** Which of DESIGN.md's four rules decided. */
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
  numbers: Record<string, number | string | null>;
}

export type { Release };
