import type { AlarmKind, PeriodStats } from "./types.ts";
import { toMs } from "./time.ts";

/** Period stats by start (epoch ms), so ISO spellings of one instant meet. */
export type Series = Map<number, PeriodStats>;

export function indexSeries(stats: readonly PeriodStats[] | undefined): Series {
  const series: Series = new Map();
  for (const period of stats ?? []) series.set(toMs(period.start, "period start"), period);
  return series;
}

export interface Totals {
  requests: number;
  errors: number;
  /** Periods with any data. */
  periods: number;
}

/** Counts over the periods that start in [fromMs, toMs). */
export function totals(series: Series, fromMs: number, toMs: number): Totals {
  const sum: Totals = { requests: 0, errors: 0, periods: 0 };
  for (const [start, period] of series) {
    if (start < fromMs || start >= toMs) continue;
    sum.requests += period.requests;
    sum.errors += period.errors;
    sum.periods += 1;
  }
  return sum;
}

/** Per-period latencies of the periods that start in [fromMs, toMs) and have one, oldest first. */
export function latencies(series: Series, fromMs: number, toMs: number): number[] {
  return [...series]
    .filter(([start, period]) => start >= fromMs && start < toMs && period.latencyMs !== undefined)
    .sort(([a], [b]) => a - b)
    .map(([, period]) => period.latencyMs ?? 0);
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Error rate in percent; undefined without requests (no data is not a rate of zero). */
export function errorRatePercent(errors: number, requests: number): number | undefined {
  return requests > 0 ? (100 * errors) / requests : undefined;
}

/** Whether one alias-level period breaches the alarm's own condition; missing data does not. */
export function breaches(
  period: PeriodStats | undefined,
  kind: AlarmKind,
  threshold: number,
): boolean {
  if (!period) return false;
  if (kind === "latency") return period.latencyMs !== undefined && period.latencyMs > threshold;
  const rate = errorRatePercent(period.errors, period.requests);
  return rate !== undefined && rate > threshold;
}

/**
 * Start of the unbroken run of breaching periods ending with the one at `lastStartMs`, looking back
 * no further than `earliestMs`; undefined when that last period does not breach.
 */
export function onsetOf(
  alias: Series,
  kind: AlarmKind,
  threshold: number,
  lastStartMs: number,
  periodMs: number,
  earliestMs: number,
): number | undefined {
  let onset: number | undefined;
  for (let start = lastStartMs; start >= earliestMs; start -= periodMs) {
    if (!breaches(alias.get(start), kind, threshold)) break;
    onset = start;
  }
  return onset;
}
