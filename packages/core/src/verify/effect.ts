import { fisherOneSided } from "./fisher.ts";
import { count, list, millis, pValue, percent, times } from "./format.ts";
import type { Baseline } from "./plan.ts";
import { errorRatePercent, latencies, median, totals, type Series, type Totals } from "./series.ts";
import { clock, type EvaluationWindow } from "./time.ts";
import type { AlarmKind } from "./types.ts";

/** docs/design.md "The decision", rule 4: the thresholds of "worse". */
export const MAX_P_VALUE = 0.01;
export const MIN_RATE_INCREASE_POINTS = 2;
export const MIN_RATE_RATIO = 2;
export const MIN_LATENCY_RATIO = 1.5;
export const MIN_LATENCY_INCREASE_MS = 100;

type Numbers = Record<string, number | string | null>;

export type BaselineMeasure =
  | { kind: "errorRate"; totals: Totals }
  | {
      kind: "latency";
      medianMs: number;
      periods: number;
      /** The baseline hour's own high per-period latency (its 95th percentile); absent beside a canary or with few periods. */
      highMs?: number;
    };

/** Per-period latencies a baseline needs before its 95th percentile says anything: a third of its hour. */
export const MIN_SPREAD_PERIODS = 20;
/** The share of the baseline's own periods the current version's every period must be slower than. */
export const SPREAD_QUANTILE = 0.95;

/** Nearest-rank quantile: the smallest value at least `fraction` of `values` do not exceed. */
function nearestRank(values: readonly number[], fraction: number): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)];
}

/** The known-good version's own traffic in its baseline window; undefined when it has none. */
export function measureBaseline(
  kind: AlarmKind,
  series: Series,
  baseline: Baseline,
): BaselineMeasure | undefined {
  if (kind === "errorRate") {
    const sum = totals(series, baseline.fromMs, baseline.toMs);
    return sum.requests > 0 ? { kind, totals: sum } : undefined;
  }
  const values = latencies(series, baseline.fromMs, baseline.toMs);
  const medianMs = median(values);
  if (medianMs === undefined) return undefined;
  // A quiet function's per-period p99 swings widely: 1.5x its median can be an ordinary minute. Its
  // own hour says how high an ordinary minute goes (beside a canary, the same minutes compare like with like).
  const highMs =
    !baseline.concurrent && values.length >= MIN_SPREAD_PERIODS
      ? nearestRank(values, SPREAD_QUANTILE)
      : undefined;
  return { kind, medianMs, periods: values.length, ...(highMs !== undefined && { highMs }) };
}

export function baselineNumbers(measure: BaselineMeasure): Numbers {
  if (measure.kind === "latency")
    return {
      baselineMedianLatencyMs: measure.medianMs,
      baselineLatencyPeriods: measure.periods,
      ...(measure.highMs !== undefined && { baselineHighLatencyMs: measure.highMs }),
    };
  const { requests, errors } = measure.totals;
  return {
    baselineRequests: requests,
    baselineErrors: errors,
    baselineErrorRatePercent: errorRatePercent(errors, requests) ?? null,
  };
}

export interface Effect {
  worse: boolean;
  /** What the numbers show, in words (the caller adds the consequence). */
  finding: string;
  numbers: Numbers;
}

/** The published part of the evaluation window: rule 4 judges it, never a period not yet known. */
export interface KnownWindow {
  startMs: number;
  endMs: number;
  /** Start of the most recent known period. */
  lastStartMs: number;
  /** Starts of the known periods, oldest first. */
  starts: number[];
  /** "the last period", or "the most recent known period" while the window's last one is not published. */
  lastName: string;
}

/** The window's known part; undefined when none of it is published yet. */
export function knownPart(window: EvaluationWindow): KnownWindow | undefined {
  const last = window.lastKnownStartMs;
  if (last === undefined) return undefined;
  return {
    startMs: window.startMs,
    endMs: window.knownEndMs,
    lastStartMs: last,
    starts: window.starts.filter((start) => start <= last),
    lastName: last === window.lastStartMs ? "the last period" : "the most recent known period",
  };
}

export interface EffectInput {
  currentVersion: string;
  /** The baseline in words: which version, over which window. */
  baselineText: string;
  current: Series;
  window: KnownWindow;
}

/**
 * Whether `errors` of `total` is at least MIN_RATE_INCREASE_POINTS points above and MIN_RATE_RATIO times
 * the baseline rate. Compared in exact integer arithmetic, so a rate exactly on a boundary counts.
 */
export function showsErrorEffect(errors: number, total: number, base: Totals): boolean {
  const e = BigInt(errors);
  const n = BigInt(total);
  const be = BigInt(base.errors);
  const bn = BigInt(base.requests);
  const points = BigInt(MIN_RATE_INCREASE_POINTS);
  const ratio = BigInt(MIN_RATE_RATIO);
  return n > 0n && 100n * e * bn - 100n * be * n >= points * n * bn && e * bn >= ratio * be * n;
}

function ratioText(rate: number, baseRate: number): string {
  return baseRate > 0 ? `${times(rate / baseRate)} the baseline` : "against an error-free baseline";
}

export function errorEffect(input: EffectInput, base: Totals): Effect {
  const { window, current, currentVersion, baselineText } = input;
  const now = totals(current, window.startMs, window.endMs);
  const last = totals(current, window.lastStartMs, window.endMs);
  const baseRate = errorRatePercent(base.errors, base.requests) ?? 0;
  const rate = errorRatePercent(now.errors, now.requests);
  const lastRate = errorRatePercent(last.errors, last.requests);
  const p =
    now.requests > 0
      ? fisherOneSided({
          errors: now.errors,
          total: now.requests,
          baselineErrors: base.errors,
          baselineTotal: base.requests,
        })
      : null;
  const numbers: Numbers = {
    currentRequests: now.requests,
    currentErrors: now.errors,
    currentErrorRatePercent: rate ?? null,
    lastPeriodRequests: last.requests,
    lastPeriodErrors: last.errors,
    lastPeriodErrorRatePercent: lastRate ?? null,
    pValue: p,
    rateIncreasePoints: rate === undefined ? null : rate - baseRate,
    rateRatio: rate === undefined ? null : baseRate > 0 ? rate / baseRate : null,
  };
  const span = `${clock(window.startMs)}–${clock(window.endMs)}`;
  if (rate === undefined || p === null) {
    return {
      worse: false,
      finding: `version ${currentVersion} served no requests ${span}: nothing to compare`,
      numbers,
    };
  }
  const against = `version ${currentVersion} failed ${percent(rate)} (${count(now.errors)} of ${count(now.requests)}) ${span} against ${percent(baseRate)} (${count(base.errors)} of ${count(base.requests)}) for ${baselineText}`;
  const needed = `${MIN_RATE_INCREASE_POINTS} points above and ${MIN_RATE_RATIO}x the baseline (at least ${percent(Math.max(baseRate + MIN_RATE_INCREASE_POINTS, baseRate * MIN_RATE_RATIO))})`;
  const shortfalls: string[] = [];
  if (!(p < MAX_P_VALUE))
    shortfalls.push(
      `the difference is not significant (Fisher's one-sided ${pValue(p)}, needs < ${MAX_P_VALUE})`,
    );
  if (!showsErrorEffect(now.errors, now.requests, base)) {
    shortfalls.push(
      `the rate is ${(rate - baseRate).toFixed(2)} points and ${ratioText(rate, baseRate)}, short of ${needed}`,
    );
  }
  if (lastRate === undefined) {
    shortfalls.push(
      `${window.lastName} (${clock(window.lastStartMs)}) had no requests on version ${currentVersion}`,
    );
  } else if (!showsErrorEffect(last.errors, last.requests, base)) {
    shortfalls.push(
      `${window.lastName} (${clock(window.lastStartMs)}) alone shows ${percent(lastRate)}, short of ${needed}`,
    );
  }
  if (shortfalls.length > 0)
    return { worse: false, finding: `${against}, but ${list(shortfalls)}`, numbers };
  return {
    worse: true,
    finding: `${against} (Fisher's one-sided ${pValue(p)} < ${MAX_P_VALUE}, +${(rate - baseRate).toFixed(2)} points, ${ratioText(rate, baseRate)}); ${window.lastName} (${clock(window.lastStartMs)}) alone still shows ${percent(lastRate ?? 0)}`,
    numbers,
  };
}

export function latencyEffect(
  input: EffectInput,
  baseMedianMs: number,
  baseHighMs?: number,
): Effect {
  const { window, current, currentVersion, baselineText } = input;
  const effectMs = Math.max(
    baseMedianMs * MIN_LATENCY_RATIO,
    baseMedianMs + MIN_LATENCY_INCREASE_MS,
  );
  // Slower than the baseline's ordinary spread too: under the null (same version, same noise) every
  // one of N periods above its 95th percentile has a chance of 0.05^N.
  const requiredMs = Math.max(effectMs, baseHighMs ?? 0);
  // Periods in which the current version served nothing have no latency of its own to judge.
  const observed = window.starts.flatMap((start) => {
    const latencyMs = current.get(start)?.latencyMs;
    return latencyMs === undefined ? [] : [{ start, latencyMs }];
  });
  const lastMs = current.get(window.lastStartMs)?.latencyMs;
  const slowest = observed.length ? Math.max(...observed.map((o) => o.latencyMs)) : null;
  const fastest = observed.length ? Math.min(...observed.map((o) => o.latencyMs)) : null;
  const numbers: Numbers = {
    requiredLatencyMs: requiredMs,
    currentLatencyPeriods: observed.length,
    currentMinLatencyMs: fastest,
    currentMaxLatencyMs: slowest,
    lastPeriodLatencyMs: lastMs ?? null,
    latencyRatio: fastest === null || baseMedianMs <= 0 ? null : fastest / baseMedianMs,
  };
  const span = `${clock(window.startMs)}–${clock(window.endMs)}`;
  if (fastest === null)
    return {
      worse: false,
      finding: `version ${currentVersion} served no requests ${span}: nothing to compare`,
      numbers,
    };
  const against = `version ${currentVersion}'s latency was ${millis(fastest)} to ${millis(slowest ?? fastest)} per period ${span} against a median of ${millis(baseMedianMs)} for ${baselineText}`;
  const needed =
    requiredMs > effectMs
      ? `${MIN_LATENCY_RATIO}x and +${MIN_LATENCY_INCREASE_MS} ms (${millis(effectMs)}) and the baseline's own 95th-percentile period (${millis(requiredMs)})`
      : `${MIN_LATENCY_RATIO}x and +${MIN_LATENCY_INCREASE_MS} ms (${millis(requiredMs)})`;
  const shortfalls: string[] = [];
  const fine = observed
    .filter((o) => o.latencyMs < requiredMs)
    .map((o) => `${clock(o.start)} (${millis(o.latencyMs)})`);
  if (fine.length > 0) shortfalls.push(`not every period reaches ${needed}: ${list(fine)}`);
  if (lastMs === undefined)
    shortfalls.push(
      `${window.lastName} (${clock(window.lastStartMs)}) had no requests on version ${currentVersion}`,
    );
  if (shortfalls.length > 0)
    return { worse: false, finding: `${against}, but ${list(shortfalls)}`, numbers };
  return {
    worse: true,
    finding: `${against}: every period${window.lastName === "the last period" ? "" : " published so far"}, the last one (${clock(window.lastStartMs)}, ${millis(lastMs ?? fastest)}) included, reaches ${needed}`,
    numbers,
  };
}
