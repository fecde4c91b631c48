import type { Ledger, Release } from "@ripcord/core/release";
import type { AlarmUnderTest, DecisionInput, PeriodStats } from "@ripcord/core/verify";

/** The fixed "now" of the unit tests: the start of a minute, like an alarm's state-change time. */
export const NOW = "2026-11-27T14:00:00.000Z";
export const NOW_MS = Date.parse(NOW);
const MINUTE_MS = 60_000;

/** ISO time `minutes` before NOW (negative: after). */
export function ago(minutes: number): string {
  return new Date(NOW_MS - minutes * MINUTE_MS).toISOString();
}

export interface Traffic {
  requests: number;
  errors?: number;
  latencyMs?: number;
}

/** One-minute periods, keyed by minutes ago: `{ 3: {...}, 2: {...}, 1: {...} }`. */
export function minutes(rows: Record<number, Traffic>): PeriodStats[] {
  return Object.entries(rows)
    .map(([minutesAgo, t]) => ({
      start: ago(Number(minutesAgo)),
      requests: t.requests,
      errors: t.errors ?? 0,
      ...(t.latencyMs !== undefined && { latencyMs: t.latencyMs }),
    }))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** The same traffic in every minute from `from` minutes ago down to `to` minutes ago. */
export function steady(from: number, to: number, traffic: Traffic): Record<number, Traffic> {
  const rows: Record<number, Traffic> = {};
  for (let m = from; m >= to; m--) rows[m] = traffic;
  return rows;
}

/** Alias-level stats of per-version minutes: counts summed, latency the maximum over versions. */
export function aliasOf(...versions: PeriodStats[][]): PeriodStats[] {
  const byStart = new Map<string, PeriodStats>();
  for (const period of versions.flat()) {
    const sum = byStart.get(period.start) ?? { start: period.start, requests: 0, errors: 0 };
    sum.requests += period.requests;
    sum.errors += period.errors;
    if (period.latencyMs !== undefined)
      sum.latencyMs = Math.max(sum.latencyMs ?? 0, period.latencyMs);
    byStart.set(period.start, sum);
  }
  return [...byStart.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

export function release(
  version: string,
  takenMinutesAgo: number,
  extra: Partial<Release> = {},
): Release {
  return { version, takenAt: ago(takenMinutesAgo), ...extra };
}

/** A ledger of full releases (minutes ago, oldest first); each is replaced by the next. */
export function chain(...releases: Release[]): Ledger {
  return releases.map((r, i) => {
    const next = releases[i + 1];
    return next ? { ...r, replacedAt: next.takenAt } : r;
  });
}

export const ERROR_ALARM: AlarmUnderTest = {
  name: "ripcord-test-api-demo-api-error-rate",
  kind: "errorRate",
  function: "demo-api",
  threshold: 5,
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
};

export const LATENCY_ALARM: AlarmUnderTest = {
  ...ERROR_ALARM,
  name: "ripcord-test-api-demo-api-latency",
  kind: "latency",
  threshold: 1500,
};

/**
 * A decision input where version "8" took all traffic 12 minutes ago after known-good "7":
 * tests override the pieces they are about.
 */
export function input(
  overrides: Partial<DecisionInput> & { byVersion?: Record<string, PeriodStats[]> } = {},
): DecisionInput {
  const { byVersion, ...rest } = overrides;
  const versions = byVersion ?? {};
  return {
    now: NOW,
    alarm: ERROR_ALARM,
    policy: { stabilityWindowMinutes: 60, onInconclusive: "hold" },
    ledger: chain(release("7", 3000, { knownGoodAt: ago(2940) }), release("8", 12)),
    metrics: { alias: aliasOf(...Object.values(versions)), byVersion: versions },
    ...rest,
  };
}
