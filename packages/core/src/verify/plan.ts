import * as Release from "../release/index.ts";
import { InputError } from "../errors/index.ts";
import { summaryFor } from "./baseline-summary.ts";
import { indexSeries } from "./series.ts";
import type { DecisionInput, PeriodStats, RequiredMetrics, TimeRange } from "./types.ts";
import {
  DAY_MS,
  HOUR_MS,
  periodStart,
  toIso,
  toMs,
  windowEndingWith,
  type EvaluationWindow,
} from "./time.ts";

/** How far back Verify looks for the onset: a run longer than this started long before any release it could blame. */
export const ONSET_LOOK_BACK_MS = DAY_MS;
/** The non-canary baseline: the known-good version's traffic in this long before it was replaced. */
export const BASELINE_MS = HOUR_MS;

export interface Baseline {
  version: string;
  fromMs: number;
  toMs: number;
  /** Canary: the known-good version's traffic beside the canary, over the evaluation window. */
  concurrent: boolean;
}

/** Everything about time and releases a decision needs, before looking at any metric. */
export interface Plan {
  nowMs: number;
  periodMs: number;
  window: EvaluationWindow;
  current?: Release.Release;
  target?: Release.Release;
  irreversible: Release.Release[];
  /** When the current version first took traffic. */
  tookTrafficAtMs?: number;
  /** Earliest period the onset search looks at. */
  lookBackFromMs: number;
  baseline?: Baseline;
}

/**
 * `alias`, the alias-level stats once read: a period with a datapoint is published, whatever the
 * delay model says (CloudWatch may be quicker; the alarm itself may have evaluated it). Without
 * them (what to fetch), only time tells.
 */
export function plan(input: Omit<DecisionInput, "metrics">, alias?: readonly PeriodStats[]): Plan {
  const { alarm } = input;
  if (!Number.isInteger(alarm.periodSeconds) || alarm.periodSeconds <= 0) {
    throw new InputError(`periodSeconds must be a positive integer, got ${alarm.periodSeconds}`);
  }
  if (!Number.isInteger(alarm.evaluationPeriods) || alarm.evaluationPeriods < 1) {
    throw new InputError(
      `evaluationPeriods must be a positive integer, got ${alarm.evaluationPeriods}`,
    );
  }
  const nowMs = toMs(input.now, "now");
  const periodMs = alarm.periodSeconds * 1000;
  const window = windowOf(input, nowMs, periodMs, publishedIn(alias));
  const { current, target, irreversible } = Release.target(input.ledger);
  const tookTraffic = Release.tookTrafficAt(input.ledger);
  const tookTrafficAtMs = tookTraffic === undefined ? undefined : toMs(tookTraffic, "release time");

  // One period before the release is enough to tell a run that began before it from one that began with it.
  const sinceRelease =
    tookTrafficAtMs === undefined
      ? window.startMs
      : periodStart(tookTrafficAtMs, periodMs) - periodMs;
  const lookBackFromMs = Math.min(
    window.startMs,
    Math.max(sinceRelease, periodStart(nowMs - ONSET_LOOK_BACK_MS, periodMs)),
  );

  return {
    nowMs,
    periodMs,
    window,
    ...(current && { current }),
    ...(target && { target }),
    irreversible,
    ...(tookTrafficAtMs !== undefined && { tookTrafficAtMs }),
    lookBackFromMs,
    ...baselineOf(current, target, window, periodMs, tookTrafficAtMs),
  };
}

/**
 * docs/design.md "The decision": the window the alarm evaluated when the event says which, else the
 * last evaluationPeriods periods that are known by "now". A window never reaches past "now" (a
 * period still running is not complete), and its periods that end after `knownUntil` are not yet known.
 */
function windowOf(
  input: Omit<DecisionInput, "metrics">,
  nowMs: number,
  periodMs: number,
  published: (start: number) => boolean,
): EvaluationWindow {
  const completeBeforeMs = periodStart(nowMs, periodMs);
  const knownUntilMs = Math.min(
    completeBeforeMs,
    input.knownUntil === undefined ? nowMs : toMs(input.knownUntil, "knownUntil"),
  );
  const lastStartMs =
    input.window === undefined
      ? periodStart(knownUntilMs, periodMs) - periodMs
      : Math.min(
          // CloudWatch may start an alarm's periods on any minute; Verify's periods are aligned to their length.
          periodStart(toMs(input.window.lastPeriodStart, "window start"), periodMs),
          completeBeforeMs - periodMs,
        );
  return windowEndingWith(
    lastStartMs,
    periodMs,
    input.alarm.evaluationPeriods,
    knownUntilMs,
    published,
  );
}

/** Whether the alias has a datapoint for the period: Lambda publishes nothing for a period without requests. */
function publishedIn(alias: readonly PeriodStats[] | undefined): (start: number) => boolean {
  const series = indexSeries(alias);
  return (start) => {
    const period = series.get(start);
    return period !== undefined && (period.requests > 0 || period.latencyMs !== undefined);
  };
}

function baselineOf(
  current: Release.Release | undefined,
  target: Release.Release | undefined,
  window: EvaluationWindow,
  periodMs: number,
  tookTrafficAtMs: number | undefined,
): { baseline?: Baseline } {
  if (!current || !target) return {};
  if (current.weight !== undefined) {
    // Only the periods the canary served: before it, the primary's traffic is no comparison (it
    // ran alone, and a problem that began with the canary would be diluted by its clean minutes).
    // The period in which the canary took traffic counts, as it does for the canary (decide.ts).
    const canaryFromMs =
      tookTrafficAtMs === undefined ? window.startMs : periodStart(tookTrafficAtMs, periodMs);
    return {
      baseline: {
        version: target.version,
        fromMs: Math.max(window.startMs, canaryFromMs),
        // Like with like: beside the canary over the periods of the window that are known.
        toMs: window.knownEndMs,
        concurrent: true,
      },
    };
  }
  if (!target.replacedAt) return {};
  const replacedMs = toMs(target.replacedAt, "replacement time");
  return {
    baseline: {
      version: target.version,
      fromMs: periodStart(replacedMs - BASELINE_MS, periodMs),
      toMs: replacedMs,
      concurrent: false,
    },
  };
}

function range(fromMs: number, toMs: number): TimeRange {
  return { from: toIso(fromMs), to: toIso(toMs) };
}

/** The metrics Verify must fetch for `input` (alias level and per version, one-period resolution). */
export function requiredMetrics(input: Omit<DecisionInput, "metrics">): RequiredMetrics {
  const p = plan(input);
  const byVersion: Record<string, TimeRange> = {};
  if (p.current) byVersion[p.current.version] = range(p.window.startMs, p.window.endMs);
  // Beside a canary: the whole window, since more of it may turn out published once read.
  if (p.baseline)
    byVersion[p.baseline.version] = p.baseline.concurrent
      ? range(p.window.startMs, p.window.endMs)
      : range(p.baseline.fromMs, p.baseline.toMs);
  // A summary of the baseline hour stands in for reading it (baseline-summary.ts); its version is
  // still read over the rest, where its traffic is part of the alias's.
  const summarized = summaryFor(input, p.baseline, p.periodMs);
  const read = Object.entries(byVersion)
    .filter(([version]) => !(summarized && version === summarized.version))
    .map(([, r]) => r);
  const starts = [p.lookBackFromMs, ...read.map((r) => toMs(r.from))];
  const ends = [p.window.endMs, ...read.map((r) => toMs(r.to))];
  return {
    ...range(Math.min(...starts), Math.max(...ends)),
    periodSeconds: input.alarm.periodSeconds,
    alias: range(p.lookBackFromMs, p.window.endMs),
    byVersion,
    // The current version first; Object.keys would sort numeric version names.
    versions: [p.current?.version, p.baseline?.version].filter((v): v is string => v !== undefined),
  };
}
