import { attribute, versionsServed } from "./attribute.ts";
import { hourBaseline, type BaselineSummary, type SummaryKey } from "./baseline-summary.ts";
import { measureBaseline } from "./effect.ts";
import { plan, type Baseline } from "./plan.ts";
import { indexSeries } from "./series.ts";
import { toIso } from "./time.ts";
import type { DecisionInput, DecisionMetrics, TimeRange } from "./types.ts";

/** What the reconciler reads to summarise the baseline hour of `input`'s release, if it has one. */
export interface BaselineRead extends TimeRange {
  baseline: Baseline;
  /** The known-good version, the current one, and every version the alias served in the hour. */
  versions: string[];
}

export function baselineRead(input: Omit<DecisionInput, "metrics">): BaselineRead | undefined {
  const p = plan(input);
  const baseline = hourBaseline(p.baseline);
  if (!baseline) return undefined;
  const versions = [
    p.current?.version,
    baseline.version,
    ...versionsServed(input.ledger, baseline.fromMs, baseline.toMs),
  ];
  return {
    baseline,
    from: toIso(baseline.fromMs),
    to: toIso(baseline.toMs),
    versions: [...new Set(versions.filter((v): v is string => v !== undefined))],
  };
}

/**
 * The summary of `read`'s hour from its metrics (alias level and every version read), attributed
 * and measured exactly as decide does (attribute, measureBaseline).
 */
export function summarizeBaseline(
  input: Omit<DecisionInput, "metrics">,
  read: BaselineRead,
  metrics: DecisionMetrics,
  key: SummaryKey & { signal: BaselineSummary["signal"] },
): BaselineSummary {
  const { baseline } = read;
  const periodMs = input.alarm.periodSeconds * 1000;
  const attribution = attribute(metrics, input.ledger, periodMs);
  const series = indexSeries(attribution.byVersion[baseline.version]);
  const within = (starts: number[]): number =>
    starts.filter((start) => start >= baseline.fromMs && start < baseline.toMs).length;
  const errorRate = measureBaseline("errorRate", series, baseline);
  const latency = measureBaseline("latency", series, baseline);
  return {
    version: baseline.version,
    from: read.from,
    to: read.to,
    periodSeconds: input.alarm.periodSeconds,
    signal: key.signal,
    latencyStatistic: key.latencyStatistic,
    ...(errorRate?.kind === "errorRate" && { errorRate: errorRate.totals }),
    ...(latency?.kind === "latency" && {
      latency: {
        medianMs: latency.medianMs,
        periods: latency.periods,
        ...(latency.highMs !== undefined && { highMs: latency.highMs }),
      },
    }),
    fromHistory: within(attribution.fromHistory),
    unattributed: within(attribution.unattributed),
  };
}
