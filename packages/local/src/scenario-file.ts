import * as z from "zod";
import { aliasName, functionName } from "@ripcord/core/config";
import { SIGNAL_SOURCES } from "@ripcord/core/signals";
import { MINUTE_MS, periodStart, toIso, toMs } from "@ripcord/core/verify";
import type { DecisionMetrics, PeriodStats } from "@ripcord/core/verify";
import { VersionNumber } from "@ripcord/core/workflow";
import type { HistoryEntry } from "./history.ts";

/**
 * A `ripcord-scenario/1` file (format in scenarios/labelled/README.md): the sandbox replays it, the
 * tests and the bench decide it. Not Ripcord's domain: a fixture format, so it lives here.
 */
const Count = z.number().int().min(0);

const VersionTraffic = z
  .strictObject({ invocations: Count, errors: Count, latencyMs: z.number().min(0) })
  .refine((t) => t.errors <= t.invocations, "errors cannot exceed invocations");

const TrafficRow = z.strictObject({
  minutesAgo: z.number().int().min(1),
  byVersion: z.record(VersionNumber, VersionTraffic),
});

const ScenarioRelease = z.strictObject({
  version: VersionNumber,
  minutesAgo: z.number().int().min(0),
  weight: z.number().gt(0).lt(1).optional(),
});

export const ScenarioFile = z
  .strictObject({
    format: z.literal("ripcord-scenario/1"),
    name: z.string().min(1),
    description: z.string().optional(),
    expect: z.enum(["rollback", "hold"]),
    expectVersion: z.optional(VersionNumber),
    function: functionName,
    alias: aliasName,
    /** Which source's metrics the rows stand for; absent: "lambda" (the README's "Signal sources"). */
    signal: z.enum(SIGNAL_SOURCES).optional(),
    thresholds: z.strictObject({
      errorRatePercent: z.number().positive().max(100),
      latencyMs: z.number().positive(),
      // Rows are per minute, so a period is a whole number of minutes.
      periodSeconds: z.number().int().positive().multipleOf(60),
      evaluationPeriods: z.number().int().min(1),
      datapointsToAlarm: z.number().int().min(1),
    }),
    releases: z.array(ScenarioRelease).min(1),
    traffic: z.array(TrafficRow),
  })
  .superRefine((file, ctx) => {
    if (file.expect === "rollback" && file.expectVersion === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["expectVersion"],
        message: 'expect "rollback" names the expectVersion',
      });
    }
    if (file.thresholds.datapointsToAlarm > file.thresholds.evaluationPeriods) {
      ctx.addIssue({
        code: "custom",
        path: ["thresholds", "datapointsToAlarm"],
        message: "cannot exceed evaluationPeriods",
      });
    }
    file.releases.forEach((release, i) => {
      const before = file.releases[i - 1];
      if (before && release.minutesAgo >= before.minutesAgo) {
        ctx.addIssue({
          code: "custom",
          path: ["releases", i, "minutesAgo"],
          message: "releases are oldest first",
        });
      }
    });
    if (file.releases[0]?.weight !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["releases", 0, "weight"],
        message: "a canary needs a full release before it",
      });
    }
    const seen = new Set<number>();
    file.traffic.forEach((row, i) => {
      if (seen.has(row.minutesAgo))
        ctx.addIssue({
          code: "custom",
          path: ["traffic", i, "minutesAgo"],
          message: "one row per minute",
        });
      seen.add(row.minutesAgo);
    });
  });

export type ScenarioFile = z.output<typeof ScenarioFile>;

/** The release history of a scenario at absolute times (history.ts: the alias's moves, `replay`). */
export function scenarioHistory(file: ScenarioFile, now: string): HistoryEntry[] {
  const nowMs = toMs(now, "now");
  return file.releases.map((release) => ({
    version: release.version,
    at: toIso(nowMs - release.minutesAgo * MINUTE_MS),
    ...(release.weight !== undefined && { weight: release.weight }),
  }));
}

function addTo(
  periods: Map<number, PeriodStats>,
  startMs: number,
  requests: number,
  errors: number,
  latencyMs: number,
): void {
  const period = periods.get(startMs) ?? { start: toIso(startMs), requests: 0, errors: 0 };
  period.requests += requests;
  period.errors += errors;
  // No source publishes a latency datapoint for a minute without requests.
  if (requests > 0) period.latencyMs = Math.max(period.latencyMs ?? latencyMs, latencyMs);
  periods.set(startMs, period);
}

function oldestFirst(periods: Map<number, PeriodStats>): PeriodStats[] {
  return [...periods].sort(([a], [b]) => a - b).map(([, period]) => period);
}

/**
 * The scenario's traffic as CloudWatch would report it at `now` (the start of the current minute):
 * the row `minutesAgo: m` covers [now - m min, now - (m-1) min); rows are summed into the alarm's
 * periods; alias level sums counts over versions and takes the maximum latency over versions. A
 * row's `invocations` are the source's requests (the format's name, scenarios/labelled/README.md).
 */
export function scenarioMetrics(file: ScenarioFile, now: string): DecisionMetrics {
  const nowMs = toMs(now, "now");
  const periodMs = file.thresholds.periodSeconds * 1000;
  const alias = new Map<number, PeriodStats>();
  const versions = new Map<string, Map<number, PeriodStats>>();
  for (const row of file.traffic) {
    const startMs = periodStart(nowMs - row.minutesAgo * MINUTE_MS, periodMs);
    for (const [version, traffic] of Object.entries(row.byVersion)) {
      const own = versions.get(version) ?? new Map<number, PeriodStats>();
      versions.set(version, own);
      addTo(own, startMs, traffic.invocations, traffic.errors, traffic.latencyMs);
      addTo(alias, startMs, traffic.invocations, traffic.errors, traffic.latencyMs);
    }
  }
  const byVersion: Record<string, PeriodStats[]> = {};
  for (const [version, periods] of versions) byVersion[version] = oldestFirst(periods);
  return { alias: oldestFirst(alias), byVersion };
}
