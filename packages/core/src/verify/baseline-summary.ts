import * as z from "zod/mini";
import { SIGNAL_SOURCES } from "../signals/index.ts";
import type { BaselineMeasure } from "./effect.ts";
import type { Baseline } from "./plan.ts";
import { toMs } from "./time.ts";
import type { AlarmKind, DecisionInput } from "./types.ts";

/*
 * docs/design.md "The decision", rule 3: a non-canary baseline is the known-good version's traffic
 * in the hour before it was replaced. That hour is over once the release is out, so its numbers
 * never change once published. The reconciler's tick summarises it then (rollback/baseline.ts) and
 * keeps the summary on the function's ledger item, so Verify, on the path to the shift, reads only
 * the minutes since the release instead of the hour before it as well. A summary holds exactly
 * what a decision takes from that hour; a decision uses it only when it is of the same baseline
 * (version, hour, period, source, latency statistic), and reads the hour itself otherwise.
 */

const Measures = z.object({
  /** Requests and errors of the hour; absent when the version had no traffic in it. */
  errorRate: z.optional(
    z.object({ requests: z.number(), errors: z.number(), periods: z.number() }),
  ),
  /** The per-period latency median (and high); absent without latency data. */
  latency: z.optional(
    z.object({ medianMs: z.number(), periods: z.number(), highMs: z.optional(z.number()) }),
  ),
});

export const BaselineSummarySchema = z.extend(Measures, {
  version: z.string(),
  from: z.string(),
  to: z.string(),
  periodSeconds: z.number(),
  signal: z.enum(SIGNAL_SOURCES),
  latencyStatistic: z.string(),
  /** Periods of the hour credited from the alias history, and periods credited to no version. */
  fromHistory: z.number(),
  unattributed: z.number(),
});
export type BaselineSummary = z.output<typeof BaselineSummarySchema>;

/** What a summary is of: the same baseline, read the same way. */
export interface SummaryKey {
  signal: DecisionInput["signal"];
  latencyStatistic: string;
}

/** The summaries a decision may use, and how its metrics are read. */
export type SummaryInput = Pick<DecisionInput, "baselineSummaries" | "signal" | "latencyStatistic">;

/** The non-canary baseline, if it is one: the only kind a summary stands for. */
export function hourBaseline(baseline: Baseline | undefined): Baseline | undefined {
  return baseline && !baseline.concurrent ? baseline : undefined;
}

/** The summary among `input`'s that stands for `baseline` (in periods of `periodMs`), if one does. */
export function summaryFor(
  input: SummaryInput,
  baseline: Baseline | undefined,
  periodMs: number,
): BaselineSummary | undefined {
  const hour = hourBaseline(baseline);
  if (!hour) return undefined;
  return input.baselineSummaries?.find(
    (summary) =>
      summary.version === hour.version &&
      toMs(summary.from, "baseline start") === hour.fromMs &&
      toMs(summary.to, "baseline end") === hour.toMs &&
      summary.periodSeconds * 1000 === periodMs &&
      summary.signal === input.signal &&
      summary.latencyStatistic === input.latencyStatistic,
  );
}

/** A summary's measure for an alarm of `kind`, as measureBaseline would give it from the hour. */
export function summarizedMeasure(
  kind: AlarmKind,
  summary: BaselineSummary,
): BaselineMeasure | undefined {
  if (kind === "errorRate") return summary.errorRate && { kind, totals: { ...summary.errorRate } };
  return summary.latency && { kind, ...summary.latency };
}
