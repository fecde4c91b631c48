import * as Alarms from "@ripcord/core/alarms";
import { defineConfig } from "@ripcord/core/config";
import { recheckWanted, knownUntil, recheckNumber } from "@ripcord/core/rollback";
import { PUBLICATION_DELAY_SECONDS, type SignalSource } from "@ripcord/core/signals";
import * as Verify from "@ripcord/core/verify";
import { evaluationTick } from "@ripcord/local/alarms";
import { replay } from "@ripcord/local/history";
import * as Scenario from "@ripcord/local/scenario-file";
import type { PolicyAction } from "./policies.ts";

/*
 * Ripcord's decisions as a run happens on AWS, on the case's own clock: CloudWatch evaluates each
 * alarm on its schedule against what is published by then (core/signals' delays); the state change
 * starts a run whose Verify judges the window the alarm evaluated with what is published at the
 * state change; while the alarm stays in ALARM and its latest verdict held on rule 4 alone, the
 * reconciler re-checks it each minute for recheckMinutes, each run judging the window as it stands
 * at its tick. Core's own functions decide every step: Alarms (specs, window, M of N), Verify
 * (decide, combine), rollback's knownUntil, recheckNumber and recheckWanted.
 */

const PREFIX = "ripcord-bench";
const SERVICE = "bench";

/** One Verify run: at the state change (recheck 0) or a reconciler tick. */
export interface RunRecord {
  at: string;
  recheck: number;
  alarm: string;
  verdict: Verify.Verdict;
  decisions: Verify.Decision[];
  /** Decisions that took the baseline hour from the reconciler's summary instead of reading it. */
  summarized: number;
}

export interface ProductionOptions {
  /**
   * As on AWS (the default): once a baseline hour is published, the reconciler's tick keeps its
   * summary and Verify reads only the minutes after it (core/verify/baseline-summary.ts). Off:
   * every decision reads the hour.
   */
  baselineSummaries?: boolean;
}

export interface ProductionAction extends PolicyAction {
  /** Every run the case started, in order. */
  runs: RunRecord[];
}

type Metrics = Verify.DecisionMetrics;

/** The periods of every series that `keep` keeps. */
function periodsWhere(metrics: Metrics, keep: (start: number) => boolean): Metrics {
  const kept = (p: Verify.PeriodStats): boolean => keep(Date.parse(p.start));
  return {
    alias: metrics.alias.filter(kept),
    byVersion: Object.fromEntries(
      Object.entries(metrics.byVersion).map(([version, periods]) => [
        version,
        periods.filter(kept),
      ]),
    ),
  };
}

/** The periods published at `atMs`: those that ended at least the source's delay before it. */
function publishedAt(metrics: Metrics, atMs: number, periodMs: number, delayMs: number): Metrics {
  return periodsWhere(metrics, (start) => start + periodMs + delayMs <= atMs);
}

/** The statistic the specs read latency with here (moto's stand-in for p99). */
const LATENCY_STATISTIC = "Maximum";

/** The periods that start in [from, to): what one GetMetricData over that range returns. */
function within(metrics: Metrics, range: Verify.TimeRange): Metrics {
  const fromMs = Date.parse(range.from);
  const toMs = Date.parse(range.to);
  return periodsWhere(metrics, (start) => start >= fromMs && start < toMs);
}

/**
 * The summary the reconciler keeps of the decision's baseline hour, once the hour is published
 * (rollback/baseline.ts): made from the hour's own periods, as the tick reads them.
 */
function keptSummary(
  input: Omit<Verify.DecisionInput, "metrics"> & { signal: SignalSource },
  published: Metrics,
): Verify.BaselineSummary | undefined {
  const read = Verify.baselineRead(input);
  if (!read || input.knownUntil === undefined) return undefined;
  if (Date.parse(read.to) > Date.parse(input.knownUntil)) return undefined;
  const versions = new Set(read.versions);
  const hour = within(published, read);
  const metrics = {
    alias: hour.alias,
    byVersion: Object.fromEntries(
      Object.entries(hour.byVersion).filter(([version]) => versions.has(version)),
    ),
  };
  return Verify.summarizeBaseline(input, read, metrics, {
    signal: input.signal,
    latencyStatistic: LATENCY_STATISTIC,
  });
}

/** The alarm's evaluation at `atMs` as CloudWatch makes it: its last periods published by then. */
function evaluateAt(spec: Alarms.AlarmSpec, metrics: Metrics, atMs: number, delayMs: number) {
  const known = new Date(atMs - delayMs).toISOString();
  const starts = Alarms.windowStarts(spec, known);
  const values = Alarms.windowValues(spec, metrics.alias, known);
  return { evaluation: Alarms.evaluate(spec, values), lastStart: starts.at(-1) };
}

/**
 * Plays one case: `alarmFrom` is when the case's alarms may first change state (they are OK
 * before it), `end` the end of its rows. url cases publish no version-level metrics.
 */
export function productionPolicy(
  file: Scenario.ScenarioFile,
  end: string,
  alarmFrom: string,
  options: ProductionOptions = {},
): ProductionAction {
  const summaries = options.baselineSummaries ?? true;
  const signal = file.signal ?? "lambda";
  const config = defineConfig({
    services: {
      [SERVICE]: {
        signal,
        functions: [{ name: file.function, alias: file.alias }],
        alarms: file.thresholds,
      },
    },
  });
  const service = config.services[SERVICE];
  if (!service) throw new RangeError(`the scenario config has no service for ${file.function}`);
  const { policy } = service;
  const all = Scenario.scenarioMetrics(file, end);
  const metrics: Metrics = signal === "url" ? { alias: all.alias, byVersion: {} } : all;
  const history = Scenario.scenarioHistory(file, end);
  const specs = Alarms.specs(config, { prefix: PREFIX, latencyStatistic: LATENCY_STATISTIC });
  const delayMs = PUBLICATION_DELAY_SECONDS[signal] * 1000;
  const periodMs = file.thresholds.periodSeconds * 1000;
  const endMs = Date.parse(end);
  const inAlarm = (spec: Alarms.AlarmSpec, atMs: number): boolean =>
    evaluateAt(spec, metrics, atMs, delayMs).evaluation.state === "ALARM";

  let summarized = 0;
  /** One Verify run at `atMs`: the alarm run's own window where given, every other alarm in ALARM then. */
  const verify = (firing: Alarms.AlarmSpec, atMs: number, window?: string): Verify.Decision[] => {
    const now = new Date(atMs).toISOString();
    const ledger = replay(history, now, policy.stabilityWindowMinutes);
    const published = publishedAt(metrics, atMs, periodMs, delayMs);
    const decide = (spec: Alarms.AlarmSpec, own?: string): Verify.Decision => {
      const input = {
        now,
        alarm: spec,
        policy,
        ledger,
        signal,
        knownUntil: knownUntil(now, signal),
        latencyStatistic: LATENCY_STATISTIC,
        ...(own !== undefined && { window: { lastPeriodStart: own } }),
      };
      const summary = summaries ? keptSummary(input, published) : undefined;
      if (!summary) return Verify.decide({ ...input, metrics: published });
      // What Verify then reads: only the range the summary leaves to read.
      const withSummary = { ...input, baselineSummaries: [summary] };
      const required = Verify.requiredMetrics(withSummary);
      summarized++;
      return Verify.decide({ ...withSummary, metrics: within(published, required) });
    };
    const first = decide(firing, window);
    if (first.verdict === "rollback") return [first];
    return [first, ...specs.filter((s) => s !== firing && inAlarm(s, atMs)).map((s) => decide(s))];
  };

  // Each alarm's state change: its first evaluation in ALARM from alarmFrom on.
  const changes = specs.flatMap((spec) => {
    for (
      let tick = evaluationTick(Date.parse(alarmFrom), spec.periodSeconds);
      tick <= endMs;
      tick = evaluationTick(tick + 1, spec.periodSeconds)
    ) {
      const { evaluation, lastStart } = evaluateAt(spec, metrics, tick, delayMs);
      if (evaluation.state === "ALARM" && lastStart !== undefined)
        return [{ spec, at: tick, window: new Date(lastStart).toISOString() }];
    }
    return [];
  });
  changes.sort((a, b) => a.at - b.at);

  const runs: RunRecord[] = [];
  const record = (spec: Alarms.AlarmSpec, at: number, recheck: number, d: Verify.Decision[]) => {
    const combined = Verify.combine(d);
    runs.push({
      at: new Date(at).toISOString(),
      recheck,
      alarm: spec.name,
      verdict: combined.verdict,
      decisions: d,
      summarized,
    });
    summarized = 0;
    return combined;
  };
  for (const change of changes) {
    let decisions = verify(change.spec, change.at, change.window);
    let combined = record(change.spec, change.at, 0, decisions);
    // The reconciler's ticks at each minute's start after the change, while the alarm stays in ALARM.
    for (let tick = Math.ceil(change.at / 60_000) * 60_000; tick <= endMs; tick += 60_000) {
      if (combined.verdict === "rollback") break;
      const own = decisions.find((d) => d.alarm === change.spec.name);
      if (!recheckWanted(combined.verdict, own)) break;
      const recheck = recheckNumber(change.at, tick, policy.recheckMinutes);
      if (recheck === undefined) {
        if (tick - change.at > policy.recheckMinutes * 60_000) break;
        continue;
      }
      if (!inAlarm(change.spec, tick)) break;
      decisions = verify(change.spec, tick);
      combined = record(change.spec, tick, recheck, decisions);
    }
    if (combined.verdict === "rollback") return rolledBack(file, runs);
  }
  const why = runs.map(describeRun).join(" | ");
  return { rollback: false, why: why || "no alarm entered ALARM", runs };
}

function describeRun(run: RunRecord): string {
  const label = run.recheck === 0 ? `alarm ${run.at.slice(11, 16)}` : `re-check r${run.recheck}`;
  const parts = run.decisions.map(
    (d) => `${d.alarm.slice(`${PREFIX}-${SERVICE}-`.length)}: ${d.verdict} (${d.rule}) ${d.reason}`,
  );
  return `${label}: ${parts.join(" / ")}`;
}

function rolledBack(file: Scenario.ScenarioFile, runs: RunRecord[]): ProductionAction {
  const last = runs.at(-1);
  const targets = [
    ...new Set(
      (last?.decisions ?? []).filter((d) => d.verdict === "rollback").map((d) => d.targetVersion),
    ),
  ];
  // One function per scenario: every rollback decision names the same target, or the decision is inconsistent.
  if (targets.length !== 1 || targets[0] === undefined)
    throw new RangeError(`${file.name}: rollback decisions name targets ${targets.join(", ")}`);
  return { rollback: true, target: targets[0], why: runs.map(describeRun).join(" | "), runs };
}
