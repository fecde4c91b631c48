import { Lambda } from "@ripcord/core/aws";
import { parseScenario, type ScenarioFile } from "./scenario.ts";
import type { TrafficMinute, VersionMinute } from "./traffic.ts";

/**
 * The built-in demo: a service whose release 3 went out 11 minutes ago and fails about 9% of
 * requests, where release 2 (two days in production, known-good) failed 0.3%. The traffic is
 * generated per minute (daily swell, noise), played with timestamps in the past like a scenario
 * so the alarm can fire at once instead of after minutes of real time.
 */
export const DEMO = {
  function: "demo-api",
  alias: "production",
  goodVersion: "2",
  badVersion: "3",
  releasedMinutesAgo: 11,
  /**
   * Confirm reads this many seconds of traffic after the shift: at least a minute plus its
   * publication delay, or no minute after the shift is published yet (simulated time costs nothing).
   */
  confirmAfterSeconds: 180,
} as const;

/** How each version behaves when it serves traffic. */
const HEALTH: Record<string, { errorRate: number; latencyMs: number }> = {
  "1": { errorRate: 0.004, latencyMs: 150 },
  "2": { errorRate: 0.003, latencyMs: 140 },
  "3": { errorRate: 0.09, latencyMs: 185 },
};

const HISTORY_MINUTES = 90;

/** mulberry32: a small seeded generator, so every demo run plays the same traffic. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function minuteOf(version: string, invocations: number, random: () => number): VersionMinute {
  const health = HEALTH[version] ?? { errorRate: 0.003, latencyMs: 140 };
  const jitter = (spread: number): number => 1 + (random() * 2 - 1) * spread;
  const errors = Math.min(invocations, Math.round(invocations * health.errorRate * jitter(0.35)));
  return { invocations, errors, latencyMs: Math.round(health.latencyMs * jitter(0.08)) };
}

/** Requests per minute around a daily swell, with noise. */
function volume(minuteMs: number, random: () => number): number {
  const day = (minuteMs / 86_400_000) * 2 * Math.PI;
  return Math.round(1400 + 300 * Math.sin(day) + (random() - 0.5) * 160);
}

/** The demo as a ripcord-scenario/1 file, validated by the same schema as any file given with --scenario. */
export function demoScenario(now: string): ScenarioFile {
  const random = seeded(20261127);
  const nowMs = Date.parse(now);
  const traffic = Array.from({ length: HISTORY_MINUTES }, (_, i) => {
    const minutesAgo = HISTORY_MINUTES - i;
    const version = minutesAgo <= DEMO.releasedMinutesAgo ? DEMO.badVersion : DEMO.goodVersion;
    const invocations = volume(nowMs - minutesAgo * 60_000, random);
    return { minutesAgo, byVersion: { [version]: minuteOf(version, invocations, random) } };
  });
  return parseScenario(
    {
      format: "ripcord-scenario/1",
      name: "demo",
      description: `Release ${DEMO.badVersion} of ${DEMO.function} went out ${DEMO.releasedMinutesAgo} minutes ago and fails about 9% of requests; release ${DEMO.goodVersion} failed 0.3%.`,
      expect: "rollback",
      expectVersion: DEMO.goodVersion,
      function: DEMO.function,
      alias: DEMO.alias,
      thresholds: {
        errorRatePercent: 5,
        latencyMs: 1500,
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      releases: [
        { version: "1", minutesAgo: 10_080 },
        { version: DEMO.goodVersion, minutesAgo: 2_880 },
        { version: DEMO.badVersion, minutesAgo: DEMO.releasedMinutesAgo },
      ],
      traffic,
    },
    "the built-in demo",
  );
}

/**
 * Traffic after the shift, for the minutes Confirm reads: split between versions the way the alias
 * routes it right now, as read back from the endpoint. If the alias did not move, the bad version
 * keeps failing and Confirm sees it.
 */
export async function demoTrafficAfterShift(now: string): Promise<TrafficMinute[]> {
  const alias = await Lambda.getAlias(DEMO.function, DEMO.alias);
  const random = seeded(Date.parse(now));
  const nowMs = Date.parse(now);
  return Array.from({ length: Math.ceil(DEMO.confirmAfterSeconds / 60) }, (_, i) => {
    const startMs = nowMs + i * 60_000;
    const total = volume(startMs, random);
    const canary = Object.entries(alias.weights);
    const canaryShare = canary.reduce((sum, [, weight]) => sum + weight, 0);
    const byVersion: Record<string, VersionMinute> = {
      [alias.version]: minuteOf(alias.version, Math.round(total * (1 - canaryShare)), random),
    };
    for (const [version, weight] of canary)
      byVersion[version] = minuteOf(version, Math.round(total * weight), random);
    return { start: new Date(startMs).toISOString(), byVersion };
  });
}
