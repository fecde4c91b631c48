import type { Fault } from "../model.ts";
import type { Random } from "../random.ts";
import {
  alarmShape,
  firstVersion,
  minimumBadLatency,
  onsetMinutesAgo,
  percent,
  provenReleases,
  releaseMinutesAgo,
  roundTo,
  type Draft,
} from "./shared.ts";

/*
 * A weighted canary beside a proven primary. Two cases in three: the canary is bad (every third
 * of all cases with a small weight and little traffic, or an effect just over the minimum).
 * One in three: a dependency fails for both versions alike while the canary runs, and the canary
 * is not at fault.
 */

const WEIGHTS = [0.05, 0.1, 0.2, 0.25, 0.5] as const;

export function canary(random: Random, index: number): Draft {
  const shape = alarmShape(random);
  const onset = onsetMinutesAgo(random, shape.datapointsToAlarm);
  const releasedAgo = releaseMinutesAgo(random, onset);
  const first = firstVersion(random);
  const proven = provenReleases(random, first, releasedAgo);
  const primary = proven.at(-1)?.version ?? String(first);
  const candidate = String(first + proven.length);
  let weight: number = random.pick(WEIGHTS);
  let invocationsPerMinute = random.logUniform(100, 3000);
  const healthyRate = random.uniform(0.001, 0.005);
  const healthyLatency = random.uniform(80, 400);
  const variant = index % 3;
  const kind = random.chance(0.7) ? "errors" : "latency";
  let errorRatePercent = random.pick([2, 5]);
  let latencyMs = roundTo(healthyLatency * random.uniform(3, 6), 10);
  let fault: Fault;
  let summary: string;
  let nearThreshold: string | null = null;

  if (variant !== 2 && kind === "errors") {
    let extra = random.uniform(0.1, 0.6);
    if (variant === 0) {
      nearThreshold = "canary evidence";
      weight = 0.05;
      invocationsPerMinute = random.uniform(40, 150);
      extra = random.uniform(0.1, 0.4);
    }
    const aliasRate = healthyRate + weight * extra;
    errorRatePercent = roundTo(100 * aliasRate * random.uniform(0.5, 0.85), 0.5);
    fault = {
      cause: "release",
      version: candidate,
      kind,
      errorRate: extra,
      fromMinutesAgo: onset,
      toMinutesAgo: 1,
    };
    summary = `version ${candidate} fails about ${percent(healthyRate + extra)} of its requests, version ${primary} about ${percent(healthyRate)} (error threshold ${errorRatePercent}%)`;
  } else if (variant !== 2) {
    const floor = minimumBadLatency(healthyLatency);
    if (variant === 0) nearThreshold = "minimum effect";
    const badLatency =
      floor * (variant === 0 ? random.uniform(1.05, 1.25) : random.uniform(1.3, 4));
    latencyMs = roundTo(
      healthyLatency + (badLatency - healthyLatency) * random.uniform(0.4, 0.75),
      10,
    );
    fault = {
      cause: "release",
      version: candidate,
      kind,
      latencyMs: badLatency,
      fromMinutesAgo: onset,
      toMinutesAgo: 1,
    };
    summary = `version ${candidate} answers in about ${Math.round(badLatency)} ms, version ${primary} in about ${Math.round(healthyLatency)} ms (latency threshold ${latencyMs} ms)`;
  } else if (kind === "errors") {
    const outage = random.uniform(0.05, 0.4);
    const near = random.chance(0.5);
    if (near) nearThreshold = "alarm threshold";
    errorRatePercent = roundTo(
      100 * outage * (near ? random.uniform(0.8, 0.95) : random.uniform(0.4, 0.8)),
      0.5,
    );
    fault = {
      cause: "environment",
      kind,
      errorRate: outage,
      fromMinutesAgo: onset,
      toMinutesAgo: 1,
    };
    summary = `a dependency fails about ${percent(outage)} of the requests of both versions (error threshold ${errorRatePercent}%)`;
  } else {
    const slow = healthyLatency * random.uniform(2.5, 6);
    latencyMs = roundTo(healthyLatency + (slow - healthyLatency) * random.uniform(0.3, 0.7), 10);
    fault = { cause: "environment", kind, latencyMs: slow, fromMinutesAgo: onset, toMinutesAgo: 1 };
    summary = `a dependency slows both versions to about ${Math.round(slow)} ms (latency threshold ${latencyMs} ms)`;
  }

  return {
    model: {
      thresholds: { ...shape, periodSeconds: 60, errorRatePercent, latencyMs },
      releases: [...proven, { version: candidate, minutesAgo: releasedAgo, weight }],
      invocationsPerMinute,
      healthy: { errorRate: healthyRate, latencyMs: healthyLatency, latencyNoise: 0.08 },
      faults: [fault],
    },
    nearThreshold,
    requires: [kind === "errors" ? "errorRate" : "latency"],
    description: `Version ${candidate} takes ${Math.round(weight * 100)}% of the traffic beside proven version ${primary} since ${releasedAgo} minutes ago; since ${onset} minutes ago ${summary}.`,
  };
}
