import type { Random } from "../random.ts";
import {
  alarmShape,
  firstVersion,
  isNear,
  percent,
  provenReleases,
  roundTo,
  type Draft,
} from "./shared.ts";

/*
 * A quiet service where single failures or single slow requests move the per-minute figures a
 * lot. Nothing changed with the release; the alarm fires by chance (the generator keeps only draws
 * where it does). Near the threshold: more traffic (10-25 a minute), so the noise is smaller and
 * the alarm needs more luck.
 */

export function lowTrafficNoise(random: Random, index: number): Draft {
  const shape = alarmShape(random);
  const near = isNear(index);
  const invocationsPerMinute = near ? random.uniform(10, 25) : random.uniform(2, 10);
  const healthyRate = random.uniform(0.01, 0.08);
  const healthyLatency = random.uniform(80, 400);
  const latencyNoise = random.uniform(0.1, 0.2);
  const kind = random.chance(0.75) ? "errors" : "latency";
  const errorRatePercent = kind === "errors" ? random.pick([5, 10, 15, 20]) : random.pick([10, 20]);
  const latencyMs = roundTo(
    healthyLatency * (kind === "latency" ? random.uniform(1.3, 1.8) : random.uniform(3, 6)),
    10,
  );
  const releasedAgo = random.int(5, 40);
  const first = firstVersion(random);
  const proven = provenReleases(random, first, releasedAgo);
  const current = String(first + proven.length);
  const what =
    kind === "errors"
      ? `every version fails about ${percent(healthyRate)} of requests (error threshold ${errorRatePercent}%)`
      : `every version answers in about ${Math.round(healthyLatency)} ms with a wide spread (latency threshold ${latencyMs} ms)`;
  return {
    model: {
      thresholds: { ...shape, periodSeconds: 60, errorRatePercent, latencyMs },
      releases: [...proven, { version: current, minutesAgo: releasedAgo }],
      invocationsPerMinute,
      healthy: { errorRate: healthyRate, latencyMs: healthyLatency, latencyNoise },
      faults: [],
    },
    nearThreshold: near ? "more traffic" : null,
    requires: [kind === "errors" ? "errorRate" : "latency"],
    description: `About ${Math.round(invocationsPerMinute)} requests a minute; version ${current} replaced ${proven.at(-1)?.version ?? first} ${releasedAgo} minutes ago and ${what}.`,
  };
}
