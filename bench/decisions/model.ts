import type { Random } from "./random.ts";

/*
 * What the generator injects into a case, before any traffic is drawn. The labels come from here
 * (which version is bad and from when, or that none is), never from the policy under test.
 */

/** docs/design.md's default stability window: a release that served all traffic this long is known-good. */
export const STABILITY_WINDOW_MINUTES = 60;
/** Rows per case before "now", as in scenarios/labelled: minutesAgo 90 down to 1. */
export const ROWS = 90;
/**
 * Rows after "now": CloudWatch evaluates the alarm on what is published (a 1-minute datapoint 90 s
 * after its period), so it fires up to 3 minutes after "now"; the reconciler then re-checks each
 * minute for the default recheckMinutes (10), each reading what is published at its tick.
 */
export const AFTER_ROWS = 12;

export interface Thresholds {
  errorRatePercent: number;
  latencyMs: number;
  periodSeconds: 60;
  evaluationPeriods: number;
  datapointsToAlarm: number;
}

/** An alias move, oldest first; with `weight` a canary beside the most recent full release. */
export interface ModelRelease {
  version: string;
  minutesAgo: number;
  weight?: number;
}

/**
 * A problem injected into the traffic. `release`: the version's own code is bad (it alone is
 * affected). `environment`: a dependency or platform problem that every version sees alike.
 */
export interface Fault {
  cause: "release" | "environment";
  /** The bad version, for a release fault. */
  version?: string;
  kind: "errors" | "latency";
  /** First row affected (minutes ago). */
  fromMinutesAgo: number;
  /** Last row affected; 1 means it lasts through the most recent complete minute. */
  toMinutesAgo: number;
  /** errors: the share of requests (0-1) the fault fails, on top of the healthy error rate. */
  errorRate?: number;
  /** latency: the affected version's latency while the fault lasts. */
  latencyMs?: number;
}

export interface CaseModel {
  thresholds: Thresholds;
  releases: ModelRelease[];
  /** Mean requests per minute through the alias. */
  invocationsPerMinute: number;
  /** Every version without a fault: its error rate (0-1), its per-minute p99, and that p99's spread (log scale). */
  healthy: { errorRate: number; latencyMs: number; latencyNoise: number };
  faults: Fault[];
}

export interface VersionMinute {
  invocations: number;
  errors: number;
  latencyMs: number;
}

export interface TrafficRow {
  minutesAgo: number;
  byVersion: Record<string, VersionMinute>;
}

/** Which versions serve row `minutesAgo`, with their share of requests. */
export function routingAt(
  releases: readonly ModelRelease[],
  minutesAgo: number,
): Array<{ version: string; share: number }> {
  const index = releases.findLastIndex((release) => release.minutesAgo >= minutesAgo);
  const release = releases[index];
  if (!release) return [];
  if (release.weight === undefined) return [{ version: release.version, share: 1 }];
  const primary = releases.slice(0, index).findLast((r) => r.weight === undefined);
  if (!primary) throw new RangeError(`canary ${release.version} has no full release before it`);
  return [
    { version: primary.version, share: 1 - release.weight },
    { version: release.version, share: release.weight },
  ];
}

function faultsOn(model: CaseModel, version: string, minutesAgo: number): Fault[] {
  // A fault through the most recent complete minute goes on after it: the minutes after "now" that
  // the alarm's later evaluations and the re-checks read (drawAfter).
  return model.faults.filter(
    (fault) =>
      minutesAgo <= fault.fromMinutesAgo &&
      (minutesAgo >= fault.toMinutesAgo || fault.toMinutesAgo === 1) &&
      (fault.cause === "environment" || fault.version === version),
  );
}

function errorRateOf(model: CaseModel, faults: readonly Fault[]): number {
  let healthyShare = 1 - model.healthy.errorRate;
  for (const fault of faults) {
    // Independent causes: a request succeeds only if neither the version's usual failures nor the fault hit it.
    if (fault.kind === "errors" && fault.errorRate !== undefined)
      healthyShare *= 1 - fault.errorRate;
  }
  return 1 - healthyShare;
}

function latencyOf(model: CaseModel, faults: readonly Fault[]): number {
  return Math.max(
    model.healthy.latencyMs,
    ...faults.map((fault) => (fault.kind === "latency" ? (fault.latencyMs ?? 0) : 0)),
  );
}

/**
 * Draws the rows (by default the 90 before "now"; `minutesAgo` 0 and below are after it): requests per minute (Poisson around the mean with a slow daily swing), the
 * canary's share (binomial), failures (binomial at the version's rate) and the minute's p99
 * (log-normal around the version's latency, wider with few requests).
 */
export function drawTraffic(
  model: CaseModel,
  random: Random,
  fromMinutesAgo = ROWS,
  toMinutesAgo = 1,
): TrafficRow[] {
  const rows: TrafficRow[] = [];
  for (let minutesAgo = fromMinutesAgo; minutesAgo >= toMinutesAgo; minutesAgo--) {
    const swing = 1 + 0.1 * Math.sin(minutesAgo / 15);
    let remaining = random.poisson(model.invocationsPerMinute * swing);
    let shareLeft = 1;
    const byVersion: Record<string, VersionMinute> = {};
    for (const { version, share } of routingAt(model.releases, minutesAgo)) {
      const invocations =
        share >= shareLeft ? remaining : random.binomial(remaining, share / shareLeft);
      remaining -= invocations;
      shareLeft -= share;
      if (invocations === 0) continue;
      const faults = faultsOn(model, version, minutesAgo);
      const spread = model.healthy.latencyNoise * (invocations < 30 ? 2.5 : 1);
      byVersion[version] = {
        invocations,
        errors: random.binomial(invocations, errorRateOf(model, faults)),
        latencyMs: Math.max(
          1,
          Math.round(latencyOf(model, faults) * Math.exp(spread * random.normal())),
        ),
      };
    }
    rows.push({ minutesAgo, byVersion });
  }
  return rows;
}
