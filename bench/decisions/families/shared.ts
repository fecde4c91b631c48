import type { CaseModel, ModelRelease } from "../model.ts";
import type { Random } from "../random.ts";
import type { AlarmKind } from "../truth.ts";

/** One family's draw: the model to generate traffic from, and what the case is about. */
export interface Draft {
  model: CaseModel;
  /** What the case lies near (an alarm threshold, the minimum effect, the stability window...), or null. */
  nearThreshold: string | null;
  /** The case is kept only when one of these alarms is in ALARM at "now" (else it is drawn again). */
  requires: AlarmKind[];
  description: string;
}

/** A family draws case number `index` of its kind. */
export type Family = (random: Random, index: number) => Draft;

/** Every third case of a family lies near a threshold. */
export function isNear(index: number): boolean {
  return index % 3 === 0;
}

/** M of N over one-minute periods; `spare` keeps M at most N - spare (a burst that is over needs a clean minute). */
export function alarmShape(
  random: Random,
  spare = 0,
): { evaluationPeriods: number; datapointsToAlarm: number } {
  const evaluationPeriods = random.int(3, 5);
  return { evaluationPeriods, datapointsToAlarm: random.int(2, evaluationPeriods - spare) };
}

/**
 * Releases that have long proven themselves, oldest first, the last one at least a day before
 * `beforeMinutesAgo`; versions from `firstVersion` up.
 */
export function provenReleases(
  random: Random,
  firstVersion: number,
  beforeMinutesAgo: number,
): ModelRelease[] {
  const count = random.int(1, 2);
  const releases: ModelRelease[] = [];
  let minutesAgo = beforeMinutesAgo + random.int(1440, 4320);
  for (let i = count - 1; i >= 0; i--) {
    releases.unshift({ version: String(firstVersion + i), minutesAgo });
    minutesAgo += random.int(1440, 7200);
  }
  return releases;
}

/** The first version of a case's history, leaving room for up to four newer releases (versions stay at most 25). */
export function firstVersion(random: Random): number {
  return random.int(1, 18);
}

/** The fault shows first `datapointsToAlarm` to ten minutes more before "now". */
export function onsetMinutesAgo(random: Random, datapointsToAlarm: number): number {
  return random.int(datapointsToAlarm, datapointsToAlarm + 10);
}

/** Most faults of a release show at once; some only after a while (a cache expiry, a daily job, a traffic pattern). */
export function releaseMinutesAgo(random: Random, onset: number): number {
  return onset + (random.chance(0.55) ? 0 : random.int(1, 15));
}

/**
 * docs/design.md's minimum effect for errors, as extra failures on top of a healthy rate: at least
 * 2 percentage points and at least the healthy rate again (twice the rate). The generator never
 * injects a release regression smaller than this: the design calls such a change not worth a rollback.
 */
export function minimumExtraErrorRate(healthyRate: number): number {
  return Math.max(0.02, healthyRate);
}

/** docs/design.md's minimum latency effect: 1.5x the healthy latency and 100 ms above it. */
export function minimumBadLatency(healthyMs: number): number {
  return Math.max(1.5 * healthyMs, healthyMs + 100);
}

export function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step);
}

export function minutes(count: number): string {
  return count === 1 ? "1 minute" : `${count} minutes`;
}

export function percent(rate: number): string {
  return `${(100 * rate).toFixed(rate < 0.1 ? 1 : 0)}%`;
}

export const ALIASES = ["production", "live", "prod"] as const;
