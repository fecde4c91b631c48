import {
  STABILITY_WINDOW_MINUTES,
  type CaseModel,
  type ModelRelease,
  type Thresholds,
  type TrafficRow,
} from "./model.ts";

/** A case's label, from what was injected. */
export interface GroundTruth {
  expect: "rollback" | "hold";
  /** The version whose own code is failing now, or null when no version is at fault. */
  badVersion: string | null;
  /** Since when (minutes ago) the bad version fails. */
  badFromMinutesAgo: number | null;
  /** With rollback: the most recent release before the bad one that served all traffic for the stability window. */
  expectVersion?: string;
  /** What made the alarm fire: the release, the environment (every version alike), or chance alone. */
  cause: "release" | "environment" | "noise";
}

/** The versions the alias serves now (the last release, and a canary's primary). */
export function servingNow(releases: readonly ModelRelease[]): string[] {
  const last = releases.at(-1);
  if (!last) return [];
  if (last.weight === undefined) return [last.version];
  const primary = releases.findLast((release) => release.weight === undefined);
  return primary ? [primary.version, last.version] : [last.version];
}

/**
 * The last known-good release before the release at `index`: the most recent full release
 * before it that served all traffic for at least the stability window (until the next alias move).
 */
export function knownGoodBefore(
  releases: readonly ModelRelease[],
  index: number,
): ModelRelease | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const release = releases[i];
    const next = releases[i + 1];
    if (!release || !next || release.weight !== undefined) continue;
    if (release.minutesAgo - next.minutesAgo >= STABILITY_WINDOW_MINUTES) return release;
  }
  return undefined;
}

export function groundTruth(model: CaseModel): GroundTruth {
  const serving = servingNow(model.releases);
  const bad = model.faults.find(
    (fault) =>
      fault.cause === "release" &&
      fault.toMinutesAgo === 1 &&
      fault.version !== undefined &&
      serving.includes(fault.version),
  );
  const cause = model.faults.some((fault) => fault.cause === "environment")
    ? "environment"
    : "noise";
  if (!bad?.version) return { expect: "hold", badVersion: null, badFromMinutesAgo: null, cause };
  const badIndex = model.releases.findLastIndex((release) => release.version === bad.version);
  const target = knownGoodBefore(model.releases, badIndex);
  if (!target)
    throw new RangeError(
      `no known-good release before bad version ${bad.version}: the family built an unlabelable case`,
    );
  return {
    expect: "rollback",
    badVersion: bad.version,
    badFromMinutesAgo: bad.fromMinutesAgo,
    expectVersion: target.version,
    cause: "release",
  };
}

export type AlarmKind = "errorRate" | "latency";

/** Alias-level value of one row for an alarm: error rate in percent, or the maximum latency over versions. */
function aliasValue(kind: AlarmKind, row: TrafficRow): number | undefined {
  const versions = Object.values(row.byVersion);
  const invocations = versions.reduce((sum, v) => sum + v.invocations, 0);
  if (invocations === 0) return undefined;
  if (kind === "latency") return Math.max(...versions.map((v) => v.latencyMs));
  return (100 * versions.reduce((sum, v) => sum + v.errors, 0)) / invocations;
}

/**
 * The alarms in ALARM at "now" by CloudWatch's M-of-N rule over one-minute periods: at least
 * datapointsToAlarm of the last evaluationPeriods minutes above the threshold, missing data not breaching.
 */
export function firingAlarms(thresholds: Thresholds, rows: readonly TrafficRow[]): AlarmKind[] {
  const recent = rows.filter((row) => row.minutesAgo <= thresholds.evaluationPeriods);
  const kinds: AlarmKind[] = ["errorRate", "latency"];
  return kinds.filter((kind) => {
    const threshold = kind === "latency" ? thresholds.latencyMs : thresholds.errorRatePercent;
    const breaching = recent.filter((row) => {
      const value = aliasValue(kind, row);
      return value !== undefined && value > threshold;
    }).length;
    return breaching >= thresholds.datapointsToAlarm;
  });
}
