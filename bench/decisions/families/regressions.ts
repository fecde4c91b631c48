import type { CaseModel, Fault, Thresholds } from "../model.ts";
import type { Random } from "../random.ts";
import {
  alarmShape,
  firstVersion,
  isNear,
  minimumBadLatency,
  minimumExtraErrorRate,
  onsetMinutesAgo,
  percent,
  provenReleases,
  releaseMinutesAgo,
  roundTo,
  minutes,
  type Draft,
} from "./shared.ts";

/*
 * A new release that is itself bad: a clear error regression, a latency regression, each also
 * near a threshold (the alarm's, the minimum effect, or too little traffic for much evidence).
 */

export type Nearness = "alarm threshold" | "minimum effect" | "low traffic";

export interface Regression {
  thresholds: Thresholds;
  invocationsPerMinute: number;
  healthy: CaseModel["healthy"];
  /** The bad version's fault, without version and timing. */
  fault: Pick<Fault, "kind" | "errorRate" | "latencyMs">;
  summary: string;
}

/** An error regression's magnitudes and the alarm thresholds around them. */
export function errorMagnitudes(
  random: Random,
  near: Nearness | null,
  shape: ReturnType<typeof alarmShape>,
): Regression {
  let invocationsPerMinute = random.logUniform(40, 3000);
  let healthyRate = random.uniform(0.001, 0.01);
  let thresholdPercent = random.pick([2, 3, 5, 10]);
  let extra: number;
  if (near === null) {
    extra = Math.min(
      0.6,
      Math.max((1.5 * thresholdPercent) / 100, 1.3 * minimumExtraErrorRate(healthyRate)) *
        random.uniform(1, 3),
    );
  } else if (near === "alarm threshold") {
    thresholdPercent = random.pick([3, 5, 10]);
    const total = (thresholdPercent / 100) * random.uniform(1.05, 1.3);
    extra = Math.max(total - healthyRate, 1.05 * minimumExtraErrorRate(healthyRate));
  } else if (near === "minimum effect") {
    healthyRate = random.uniform(0.005, 0.01);
    thresholdPercent = 2;
    extra = minimumExtraErrorRate(healthyRate) * random.uniform(1.05, 1.3);
  } else {
    invocationsPerMinute = random.uniform(4, 20);
    healthyRate = random.uniform(0.002, 0.02);
    thresholdPercent = random.pick([5, 10]);
    extra = random.uniform(0.25, 0.5);
  }
  const healthyLatency = random.uniform(60, 400);
  return {
    thresholds: {
      ...shape,
      periodSeconds: 60,
      errorRatePercent: thresholdPercent,
      latencyMs: roundTo(healthyLatency * random.uniform(3, 6), 10),
    },
    invocationsPerMinute,
    healthy: { errorRate: healthyRate, latencyMs: healthyLatency, latencyNoise: 0.08 },
    fault: { kind: "errors", errorRate: extra },
    summary: `fails about ${percent(healthyRate + extra)} of requests against about ${percent(healthyRate)} before (error threshold ${thresholdPercent}%)`,
  };
}

/** A latency regression's magnitudes and the alarm thresholds around them. */
export function latencyMagnitudes(
  random: Random,
  near: Nearness | null,
  shape: ReturnType<typeof alarmShape>,
): Regression {
  let invocationsPerMinute = random.logUniform(40, 3000);
  const healthyLatency = random.uniform(80, 600);
  const floor = minimumBadLatency(healthyLatency);
  let badLatency: number;
  let thresholdMs: number;
  if (near === null) {
    badLatency = floor * random.uniform(1.3, 4);
    thresholdMs = healthyLatency + (badLatency - healthyLatency) * random.uniform(0.4, 0.75);
  } else if (near === "alarm threshold") {
    badLatency = floor * random.uniform(1.2, 2);
    thresholdMs = badLatency * random.uniform(0.85, 0.95);
  } else if (near === "minimum effect") {
    badLatency = floor * random.uniform(1.05, 1.25);
    thresholdMs = healthyLatency + (badLatency - healthyLatency) * random.uniform(0.5, 0.75);
  } else {
    invocationsPerMinute = random.uniform(4, 20);
    badLatency = floor * random.uniform(1.5, 3);
    thresholdMs = healthyLatency + (badLatency - healthyLatency) * random.uniform(0.4, 0.7);
  }
  const healthyRate = random.uniform(0.001, 0.01);
  return {
    thresholds: {
      ...shape,
      periodSeconds: 60,
      errorRatePercent: random.pick([2, 5, 10]),
      latencyMs: roundTo(thresholdMs, 10),
    },
    invocationsPerMinute,
    healthy: { errorRate: healthyRate, latencyMs: healthyLatency, latencyNoise: 0.08 },
    fault: { kind: "latency", latencyMs: badLatency },
    summary: `answers in about ${Math.round(badLatency)} ms against about ${Math.round(healthyLatency)} ms before (latency threshold ${roundTo(thresholdMs, 10)} ms)`,
  };
}

export function nearness(random: Random, index: number): Nearness | null {
  return isNear(index)
    ? random.pick<Nearness>(["alarm threshold", "minimum effect", "low traffic"])
    : null;
}

function regressionAfterDeploy(random: Random, index: number, kind: "errors" | "latency"): Draft {
  const near = nearness(random, index);
  const shape = alarmShape(random);
  const regression =
    kind === "errors"
      ? errorMagnitudes(random, near, shape)
      : latencyMagnitudes(random, near, shape);
  const onset = onsetMinutesAgo(random, shape.datapointsToAlarm);
  const releasedAgo = releaseMinutesAgo(random, onset);
  const first = firstVersion(random);
  const proven = provenReleases(random, first, releasedAgo);
  const previous = proven.at(-1)?.version ?? String(first);
  const bad = String(first + proven.length);
  const delay = releasedAgo === onset ? "" : `, ${minutes(releasedAgo - onset)} after its release,`;
  return {
    model: {
      thresholds: regression.thresholds,
      releases: [...proven, { version: bad, minutesAgo: releasedAgo }],
      invocationsPerMinute: regression.invocationsPerMinute,
      healthy: regression.healthy,
      faults: [
        {
          ...regression.fault,
          cause: "release",
          version: bad,
          fromMinutesAgo: onset,
          toMinutesAgo: 1,
        },
      ],
    },
    nearThreshold: near,
    requires: [kind === "errors" ? "errorRate" : "latency"],
    description: `Version ${bad} took all traffic ${releasedAgo} minutes ago after proven version ${previous}; since ${onset} minutes ago${delay} it ${regression.summary}.`,
  };
}

export function errorRegression(random: Random, index: number): Draft {
  return regressionAfterDeploy(random, index, "errors");
}

export function latencyRegression(random: Random, index: number): Draft {
  return regressionAfterDeploy(random, index, "latency");
}
