import { clientsCalledOnSomePath } from "./coldstart/grants.ts";
import type { ApiFigures } from "./api/index.ts";
import { MAX_BUNDLE_BYTES, type ColdStart } from "./coldstart/index.ts";
import type { DecisionReport } from "./decisions/score.ts";
import { PIPELINE_GOAL_SECONDS, type DetectionFigure } from "./detection/index.ts";
import type { Machine } from "./lib/machine.ts";
import type { FanOut, TimeToRestore } from "./restore/index.ts";
import type { QuotaFigure } from "./restore/quota.ts";

/** Everything `npm run bench` measured, as bench/results.json holds it. */
export interface BenchResults {
  format: "ripcord-bench/1";
  date: string;
  machine: Machine;
  durationSeconds: number;
  timeToRestore: TimeToRestore;
  fanOut: FanOut;
  /** First bad request -> alias restored per source, on simulated AWS time (absent in results from before it was measured). */
  detection?: DetectionFigure[];
  coldStart: ColdStart[];
  decisions: DecisionReport;
  api: ApiFigures;
  targets: Target[];
}

export interface Target {
  item: string;
  target: string;
  value: string;
  met: boolean;
}

const fmt = (value: number | null, unit = ""): string =>
  value === null ? "n/a" : `${value}${unit}`;
const percent = (value: number | null): string =>
  value === null ? "n/a" : `${(100 * value).toFixed(1)}%`;

/** 50 and 200 functions under Lambda's emulated control-plane quota, against the quota's floor. */
function quotaTarget(figures: readonly QuotaFigure[]): Target {
  const large = figures.filter((f) => f.functions >= 50);
  return {
    item: "fan-out under Lambda's quota",
    target: "50 and 200 functions in at most 1.25 x the quota's floor, no failed shift",
    value: large.map((f) => `${f.functions}: ${fmt(f.ratioToFloor)} x`).join(", ") || "n/a",
    met:
      large.length > 0 &&
      large.every((f) => f.ratioToFloor !== null && f.ratioToFloor <= 1.25 && f.failedShifts === 0),
  };
}

/** Per source: first bad request -> restored within its goal, Ripcord's own share within PIPELINE_GOAL_SECONDS. */
function detectionTargets(detection: readonly DetectionFigure[]): Target[] {
  return [
    ...detection.map((f) => ({
      item: `detection (${f.source}, ${f.periodSeconds} s periods)`,
      target: `first bad request -> alias restored at most ${f.goalSeconds} s (simulated AWS time)`,
      value: `${f.firstBadRequestToRestoredSeconds} s (alarm ${f.breakdown.alarmSeconds} s + Ripcord ${f.breakdown.pipeline.totalSeconds} s)`,
      met: f.firstBadRequestToRestoredSeconds <= f.goalSeconds,
    })),
    {
      item: "Ripcord's share of detection",
      target: `alarm -> alias restored at most ${PIPELINE_GOAL_SECONDS} s for every source (stated model)`,
      value: detection.map((f) => `${f.source}: ${f.breakdown.pipeline.totalSeconds} s`).join(", "),
      met: detection.every((f) => f.breakdown.pipeline.totalSeconds <= PIPELINE_GOAL_SECONDS),
    },
  ];
}

/** Each of the issue's targets against the figures of this run. */
export function targetsOf(results: Omit<BenchResults, "targets">): Target[] {
  const { timeToRestore: ttr, fanOut, coldStart, decisions, detection } = results;
  // A bundled client is needed when the handler calls it on some path (its IAM grants), not only on its first invocation.
  const extraClients = coldStart.flatMap((c) => {
    const needed = new Set([...c.sdkClientsCalled, ...(clientsCalledOnSomePath(c.handler) ?? [])]);
    return c.sdkClients
      .filter((pkg) => pkg.startsWith("@aws-sdk/client-") && !needed.has(pkg))
      .map((pkg) => `${c.handler}: ${pkg.replace("@aws-sdk/", "")}`);
  });
  const heaviest = [...coldStart].sort((a, b) => b.bytes - a.bytes)[0];
  const slowest = [...coldStart].sort(
    (a, b) => (b.ratioToBaseline ?? Infinity) - (a.ratioToBaseline ?? Infinity),
  )[0];
  return [
    {
      item: "time to restore",
      target: "at most 10 x the warm UpdateAlias round trip",
      value: `${ttr.medianMs} ms = ${fmt(ttr.ratio)} x ${ttr.updateAliasRttMs} ms`,
      met: ttr.ratio !== null && ttr.ratio <= 10,
    },
    {
      item: "sequential AWS round trips before the shift",
      target: "at most 6",
      value: String(ttr.callsBeforeShift),
      met: ttr.callsBeforeShift <= 6,
    },
    {
      item: "fan-out",
      target: "50 functions in at most 3 x the time of 1",
      value: `${fmt(fanOut.ratio50to1)} x (${fanOut["50"]} ms / ${fanOut["1"]} ms)`,
      met: fanOut.ratio50to1 !== null && fanOut.ratio50to1 <= 3,
    },
    ...(fanOut.quota ? [quotaTarget(fanOut.quota)] : []),
    ...(detection ? detectionTargets(detection) : []),
    {
      item: "SDK clients",
      target:
        "no handler bundles an SDK client it never calls (on its first invocation or any path its IAM grants serve)",
      value: extraClients.length === 0 ? "none" : extraClients.join(", "),
      met: extraClients.length === 0,
    },
    {
      item: "bundle size",
      target: `every handler at most 1 MiB (${MAX_BUNDLE_BYTES} bytes)`,
      value: heaviest ? `largest ${heaviest.handler} ${heaviest.bytes} bytes` : "n/a",
      met: coldStart.every((c) => c.bytes <= MAX_BUNDLE_BYTES),
    },
    {
      item: "cold init",
      target: "every handler at most 1.5 x its baseline",
      value: slowest ? `worst ${slowest.handler} ${fmt(slowest.ratioToBaseline)} x` : "n/a",
      met: coldStart.every((c) => c.ratioToBaseline !== null && c.ratioToBaseline <= 1.5),
    },
    {
      item: "false rollbacks (Ripcord)",
      target: "0",
      value: String(decisions.ripcord.falseRollbacks),
      met: decisions.ripcord.falseRollbacks === 0,
    },
    {
      item: "recall (Ripcord)",
      target: "at least 98%",
      value: percent(decisions.ripcord.recall),
      met: (decisions.ripcord.recall ?? 0) >= 0.98,
    },
    {
      item: "wrong targets (Ripcord)",
      target: "0",
      value: String(decisions.ripcord.wrongTargets),
      met: decisions.ripcord.wrongTargets === 0,
    },
  ];
}

/** The markdown the README includes: generated from one run, with its date and machine. */
export function markdown(results: BenchResults): string {
  const { timeToRestore: ttr, fanOut, coldStart, decisions, api, machine } = results;
  const lines = [
    `<!-- generated by npm run bench (bench/report.ts) from bench/results.json; do not edit by hand -->`,
    `Measured ${results.date} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), ${machine.os}, Node ${machine.node}, moto ${machine.moto}; the whole run took ${results.durationSeconds} s. Local AWS is moto on the same machine: absolute times are moto's, the ratios are the point.`,
    "",
    "| target | wanted | this run | met |",
    "| --- | --- | --- | --- |",
    ...results.targets.map(
      (t) => `| ${t.item} | ${t.target} | ${t.value} | ${t.met ? "yes" : "**no**"} |`,
    ),
    "",
    `**Time to restore** (one function, median of ${ttr.runs} runs, p10-p90 ${ttr.p10Ms}-${ttr.p90Ms} ms): ${ttr.medianMs} ms from the alarm event handed to the trigger to UpdateAlias returning; a warm UpdateAlias alone takes ${ttr.updateAliasRttMs} ms (median of ${ttr.floor.runs}). ${ttr.callsBeforeShift} sequential AWS round trips before the shift; waiting on AWS accounts for about ${ttr.awsWaitMs} ms.`,
    "",
    "| step | starts at (ms) | takes (ms) |",
    "| --- | --- | --- |",
    ...ttr.steps.map((s) => `| ${s.step} | ${s.medianStartMs} | ${s.medianMs} |`),
    "",
    "| round trip before the shift | calls in parallel | median (ms) |",
    "| --- | --- | --- |",
    ...ttr.waves.map((w, i) => `| ${i + 1} | ${w.calls.join(", ")} | ${w.medianMs} |`),
    "",
    `**Fan-out** (median ms to the last alias restored): 1 function ${fanOut["1"]}, 10 functions ${fanOut["10"]}, 50 functions ${fanOut["50"]} (${fanOut.runs["50"]?.runs ?? 0} runs); 50 / 1 = ${fmt(fanOut.ratio50to1)} x.`,
    "",
    ...(fanOut.quota
      ? [
          `**Fan-out under Lambda's quota** (${fanOut.quotaModel ?? ""}):`,
          "",
          "| functions | control-plane calls on the path | per function | floor (ms) | median (ms) | ratio to floor | failed shifts | throttled | runs |",
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
          ...fanOut.quota.map(
            (f) =>
              `| ${f.functions} | ${f.controlPlaneCalls} | ${f.controlPlaneCallsPerFunction} | ${f.floorMs} | ${f.medianMs} | ${fmt(f.ratioToFloor)} | ${f.failedShifts} | ${f.throttled} | ${f.runs} |`,
          ),
          "",
        ]
      : []),
    ...(results.detection
      ? [
          `**Detection** on simulated AWS time (${results.detection[0]?.breakdown.model ?? ""}):`,
          "",
          "| source | period (s) | M of N wait (s) | publication delay (s) | to the evaluation (s) | first bad request -> alarm (s), median (range) | alarm -> restored (s) | first bad request -> restored (s) |",
          "| --- | --- | --- | --- | --- | --- | --- | --- |",
          ...results.detection.map((f) => {
            const b = f.breakdown;
            return `| ${f.source} | ${f.periodSeconds} | ${b.periodsSeconds} | ${b.delaySeconds} | ${b.scheduleSeconds} | ${b.alarmSeconds} (${b.alarmSecondsRange[0]}-${b.alarmSecondsRange[1]}) | ${b.pipeline.totalSeconds} | ${f.firstBadRequestToRestoredSeconds} |`;
          }),
          "",
        ]
      : []),
    "| handler | bundle (KiB) | SDK packages bundled | called on first invocation | cold init (ms) | baseline (ms) | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...coldStart.map(
      (c) =>
        `| ${c.handler} | ${(c.bytes / 1024).toFixed(0)}${c.splitting ? ` (split: ${(c.staticBytes / 1024).toFixed(0)} loaded)` : ""} | ${c.sdkClients.map((p) => p.replace("@aws-sdk/", "")).join(", ")} | ${c.sdkClientsCalled.map((p) => p.replace("@aws-sdk/", "")).join(", ") || "none"} | ${fmt(c.initMs)} | ${fmt(c.baselineInitMs)} | ${fmt(c.ratioToBaseline)}${c.ratioToOneFileBaseline ? ` (${fmt(c.ratioToOneFileBaseline)} to it in one file)` : ""}${c.error ? ` (error: ${c.error.split("\n")[0]})` : ""} |`,
    ),
    "",
    `**Decisions** on ${decisions.cases} generated cases (${decisions.labelled.rollback} with a bad release, ${decisions.labelled.hold} without; seed ${decisions.corpus.seed}):`,
    "",
    "| policy | rollbacks made | false rollbacks | missed rollbacks | wrong targets | precision | recall |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...(["ripcord", "naive"] as const).map((name) => {
      const s = decisions[name];
      return `| ${name === "ripcord" ? "Ripcord" : "naive (previous version on every alarm)"} | ${s.rollbacksMade} | ${s.falseRollbacks} | ${s.missedRollbacks} | ${s.wrongTargets} | ${percent(s.precision)} | ${percent(s.recall)} |`;
    }),
    ...(decisions.bySignal
      ? [
          "",
          `Ripcord is scored as a run happens on AWS (publication delays, the alarm's own window, re-checks): ${decisions.rollbacksOnRecheck ?? 0} of its rollbacks came from a re-check. Mistakes per source: ${Object.entries(
            decisions.bySignal,
          )
            .map(([source, s]) => `${source} ${s.ripcordMistakes} of ${s.cases}`)
            .join(", ")} (naive: ${Object.entries(decisions.bySignal)
            .map(([source, s]) => `${source} ${s.naiveMistakes}`)
            .join(", ")}).`,
        ]
      : []),
    "",
    `**API** (${api.setup}):`,
    "",
    "| endpoint | requests | p50 (ms) | p99 (ms) | alone p50 (ms) | AWS calls per request | errors |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...(["GET /services", "POST /rollbacks"] as const).map((name) => {
      const e = api[name];
      return `| ${name} | ${e.requests} | ${e.p50Ms} | ${e.p99Ms} | ${e.unloadedP50Ms} | ${e.awsCallsPerRequest} | ${e.errors} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}
