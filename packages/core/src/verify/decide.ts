import type { Release } from "../release/types.ts";
import { attribute, type Attribution } from "./attribute.ts";
import { summarizedMeasure, summaryFor } from "./baseline-summary.ts";
import {
  baselineNumbers,
  errorEffect,
  knownPart,
  latencyEffect,
  measureBaseline,
  type EffectInput,
} from "./effect.ts";
import { list } from "./format.ts";
import { plan, type Plan } from "./plan.ts";
import { errorRatePercent, indexSeries, onsetOf, type Series } from "./series.ts";
import { MINUTE_MS, clock, periodStart, toIso, toMs } from "./time.ts";
import type { Decision, DecisionInput, DecisionRule, Verdict } from "./types.ts";

type Numbers = Decision["numbers"];

function describeRelease(release: Release): string {
  const details = [
    release.migration && `migration ${release.migration}`,
    release.gitSha && `git ${release.gitSha}`,
  ].filter(Boolean);
  return details.length ? `${release.version} (${details.join(", ")})` : release.version;
}

function commonNumbers(input: DecisionInput, p: Plan): Numbers {
  return {
    now: toIso(p.nowMs),
    alarmThreshold: input.alarm.threshold,
    windowStart: toIso(p.window.startMs),
    windowEnd: toIso(p.window.endMs),
    currentVersion: p.current?.version ?? null,
    currentWeight: p.current?.weight ?? null,
    currentTookTrafficAt: p.tookTrafficAtMs === undefined ? null : toIso(p.tookTrafficAtMs),
    targetVersion: p.target?.version ?? null,
    baselineVersion: p.baseline?.version ?? null,
    baselineStart: p.baseline ? toIso(p.baseline.fromMs) : null,
    baselineEnd: p.baseline ? toIso(p.baseline.toMs) : null,
    baselineKind: p.baseline ? (p.baseline.concurrent ? "concurrent" : "before-replacement") : null,
    lastKnownPeriod:
      p.window.lastKnownStartMs === undefined ? null : toIso(p.window.lastKnownStartMs),
    onset: null,
  };
}

/** The most recent known period at the alias level, in words, for "the burst is over". */
function lastPeriodText(input: DecisionInput, alias: Series, lastStartMs: number): string {
  const period = alias.get(lastStartMs);
  const at = `the most recent known period (${clock(lastStartMs)})`;
  if (!period) return `${at} has no data`;
  if (input.alarm.kind === "latency") {
    const latency =
      period.latencyMs === undefined
        ? "has no latency data"
        : `is at ${Math.round(period.latencyMs)} ms`;
    return `${at} ${latency}, within the ${input.alarm.threshold} ms threshold`;
  }
  const rate = errorRatePercent(period.errors, period.requests);
  return `${at} is at ${rate === undefined ? "no traffic" : `${rate.toFixed(2)}% errors`}, within the ${input.alarm.threshold}% threshold`;
}

/** How many of the periods in [fromMs, toMs) are among `starts`. */
function countWithin(starts: readonly number[], fromMs: number, toMs: number): number {
  return starts.filter((start) => start >= fromMs && start < toMs).length;
}

/**
 * Where some per-version periods came from the ledger, or came from nowhere: the numbers say so.
 * `summarized`: the counts of a baseline hour that was not read (baseline-summary.ts).
 */
function attributionNumbers(
  attribution: Attribution,
  ranges: Array<[number, number]>,
  summarized: { fromHistory: number; unattributed: number } = { fromHistory: 0, unattributed: 0 },
): Numbers {
  const within = (starts: number[]): number =>
    ranges.reduce((total, [from, to]) => total + countWithin(starts, from, to), 0);
  const fromHistory = within(attribution.fromHistory) + summarized.fromHistory;
  const unattributed = within(attribution.unattributed) + summarized.unattributed;
  return {
    ...(fromHistory > 0 && { periodsAttributedFromAliasHistory: fromHistory }),
    ...(unattributed > 0 && { periodsNotAttributed: unattributed }),
  };
}

/** docs/design.md "The decision": the four rules in order, for one alarm in ALARM of one function. */
export function decide(input: DecisionInput): Decision {
  const p = plan(input, input.metrics.alias);
  const numbers = commonNumbers(input, p);
  const make = (
    verdict: Verdict,
    rule: DecisionRule,
    reason: string,
    extra: Numbers = {},
  ): Decision => ({
    verdict,
    rule,
    reason,
    alarm: input.alarm.name,
    function: input.alarm.function,
    ...(p.current && { currentVersion: p.current.version }),
    ...(p.target && { targetVersion: p.target.version }),
    ...(input.signal && { signal: input.signal }),
    numbers: { ...numbers, ...extra },
  });
  const fn = input.alarm.function;

  // 1. A target.
  if (!p.current)
    return make(
      "hold",
      "target",
      `The ledger of ${fn} holds no release yet, so there is no known-good version to return to: hold.`,
    );
  if (!p.target) {
    return make(
      "hold",
      "target",
      `No known-good release of ${fn} before version ${p.current.version} to return to: hold.`,
    );
  }
  if (p.irreversible.length > 0) {
    const names = list(p.irreversible.map(describeRelease));
    return make(
      "hold",
      "target",
      `Rolling ${fn} back from version ${p.current.version} to ${p.target.version} would cross irreversible ${p.irreversible.length === 1 ? "release" : "releases"} ${names}: a rollback cannot undo a database migration: hold.`,
      { irreversibleVersions: p.irreversible.map((r) => r.version).join(",") },
    );
  }

  // Not yet known is never healthy: with nothing of the window published there is no onset to
  // look for and no "still worse" to see (rule 4 needs the most recent known period): hold, and a
  // re-check judges the window once it is published.
  const known = knownPart(p.window);
  if (!known) {
    return make(
      "hold",
      "effect",
      `None of the periods the alarm evaluated (${clock(p.window.startMs)}–${clock(p.window.endMs)}) is published yet (metrics appear some time after their period ends): not yet known, so nothing says whether version ${p.current.version} is worse: hold.`,
    );
  }

  // 2. Attributable.
  const alias = indexSeries(input.metrics.alias);
  const onsetMs = onsetOf(
    alias,
    input.alarm.kind,
    input.alarm.threshold,
    known.lastStartMs,
    p.periodMs,
    p.lookBackFromMs,
  );
  const tookMs = p.tookTrafficAtMs ?? toMs(p.current.takenAt);
  const tookAt = `${clock(tookMs)} (${toIso(tookMs)})`;
  if (onsetMs === undefined) {
    return make(
      "hold",
      "attributable",
      `The alarm's condition no longer holds at the alias level: ${lastPeriodText(input, alias, known.lastStartMs)}. The burst is over: hold.`,
    );
  }
  numbers.onset = toIso(onsetMs);
  const onsetAt = `${clock(onsetMs)} (${toIso(onsetMs)})`;
  // The period in which the version took traffic is its own: deploys rarely land on a period boundary.
  if (onsetMs < periodStart(tookMs, p.periodMs)) {
    const since = onsetMs === p.lookBackFromMs ? "at least since" : "since";
    return make(
      "hold",
      "attributable",
      `The alarm's condition has held at the alias level ${since} ${onsetAt}, before version ${p.current.version} took traffic at ${tookAt}: the problem predates the release: hold.`,
    );
  }
  const provenMs = tookMs + input.policy.stabilityWindowMinutes * MINUTE_MS;
  if (onsetMs > provenMs) {
    return make(
      "hold",
      "attributable",
      `The problem began at ${onsetAt}, more than the ${input.policy.stabilityWindowMinutes}-minute stability window after version ${p.current.version} took traffic at ${tookAt}: the release had proven itself and the cause is most likely elsewhere: hold.`,
    );
  }

  // Per version: by ExecutedVersion where it accounts for the alias's traffic, else from the ledger.
  const attribution = attribute(input.metrics, input.ledger, p.periodMs);
  const baseline = p.baseline;
  // The hour's own numbers, summarised once it was published, when it was not read now.
  const summary = summaryFor(input, baseline, p.periodMs);
  Object.assign(
    numbers,
    attributionNumbers(
      attribution,
      [
        [known.startMs, known.endMs],
        ...(baseline && !summary ? [[baseline.fromMs, baseline.toMs] as [number, number]] : []),
      ],
      summary,
    ),
  );

  // 3. Baseline.
  const measure =
    baseline &&
    (summary
      ? summarizedMeasure(input.alarm.kind, summary)
      : measureBaseline(
          input.alarm.kind,
          indexSeries(attribution.byVersion[baseline.version]),
          baseline,
        ));
  if (!baseline || !measure) {
    const span = baseline && `(${clock(baseline.fromMs)}–${clock(baseline.toMs)})`;
    const unattributed = summary
      ? summary.unattributed
      : baseline && countWithin(attribution.unattributed, baseline.fromMs, baseline.toMs);
    const where = !baseline
      ? `known-good version ${p.target.version} has no recorded replacement time to take a baseline hour from`
      : (unattributed ?? 0) > 0
        ? `the alias's traffic ${baseline.concurrent ? "beside the canary" : "in the hour before known-good version " + baseline.version + " was replaced"} ${span} cannot be split by version: the version-level metrics (ExecutedVersion) do not account for it, and the alias was ${baseline.concurrent ? "weighted" : "weighted or changing"} then, so its history cannot attribute it either`
        : `known-good version ${baseline.version} has no ${input.alarm.kind === "latency" ? "latency data" : "traffic"} ${baseline.concurrent ? "beside the canary" : "in the hour before it was replaced"} ${span}`;
    const what = `No baseline to compare version ${p.current.version} with: ${where}: inconclusive`;
    if (input.policy.onInconclusive === "rollback") {
      return make(
        "rollback",
        "baseline",
        `${what}; the service's policy (onInconclusive: "rollback") rolls back to ${p.target.version} anyway.`,
      );
    }
    return make("inconclusive", "baseline", `${what}, hold and notify.`);
  }

  // 4. Worse, and still worse.
  const effectInput: EffectInput = {
    currentVersion: p.current.version,
    baselineText: `known-good version ${baseline.version} ${baseline.concurrent ? "beside it over the same window" : `in the hour before it was replaced (${clock(baseline.fromMs)}–${clock(baseline.toMs)})`}`,
    current: indexSeries(attribution.byVersion[p.current.version]),
    window: known,
  };
  const effect =
    measure.kind === "errorRate"
      ? errorEffect(effectInput, measure.totals)
      : latencyEffect(effectInput, measure.medianMs, measure.highMs);
  const extra = { ...baselineNumbers(measure), ...effect.numbers };
  const finding = effect.finding.charAt(0).toUpperCase() + effect.finding.slice(1);
  if (!effect.worse) return make("hold", "effect", `${finding}: hold.`, extra);
  return make("rollback", "effect", `${finding}: roll back ${fn} to ${p.target.version}.`, extra);
}
