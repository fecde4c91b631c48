import type { Fault } from "../model.ts";
import { ROWS, STABILITY_WINDOW_MINUTES } from "../model.ts";
import type { Random } from "../random.ts";
import {
  alarmShape,
  firstVersion,
  isNear,
  onsetMinutesAgo,
  percent,
  provenReleases,
  roundTo,
  type Draft,
} from "./shared.ts";

/*
 * The alarm fires, but no release is at fault: a dependency fails every version alike. The
 * releases around it differ: long proven, freshly deployed with the problem already there, or a
 * burst that has ended.
 */

interface Outage {
  fault: Pick<Fault, "kind" | "errorRate" | "latencyMs">;
  errorRatePercent: number;
  latencyMs: number;
  healthyLatency: number;
  summary: string;
}

/** A dependency problem that pushes the alias over one of its alarms; near the threshold when asked. */
function outage(random: Random, near: boolean): Outage {
  const healthyLatency = random.uniform(80, 500);
  let latencyMs = roundTo(healthyLatency * random.uniform(3, 6), 10);
  if (random.chance(0.65)) {
    const rate = random.uniform(0.06, 0.5);
    const errorRatePercent = roundTo(
      100 * rate * (near ? random.uniform(0.75, 0.92) : random.uniform(0.2, 0.7)),
      0.5,
    );
    return {
      fault: { kind: "errors", errorRate: rate },
      errorRatePercent,
      latencyMs,
      healthyLatency,
      summary: `a dependency fails about ${percent(rate)} of requests (error threshold ${errorRatePercent}%)`,
    };
  }
  const slow = healthyLatency * random.uniform(2.5, 8);
  latencyMs = roundTo(
    healthyLatency +
      (slow - healthyLatency) * (near ? random.uniform(0.75, 0.9) : random.uniform(0.3, 0.7)),
    10,
  );
  return {
    fault: { kind: "latency", latencyMs: slow },
    errorRatePercent: random.pick([2, 5, 10]),
    latencyMs,
    healthyLatency,
    summary: `a dependency slows requests to about ${Math.round(slow)} ms against ${Math.round(healthyLatency)} ms (latency threshold ${latencyMs} ms)`,
  };
}

function environmentDraft(
  random: Random,
  shape: ReturnType<typeof alarmShape>,
  problem: Outage,
  releasedAgo: number,
  window: { from: number; to: number },
  nearThreshold: string | null,
  story: (previous: string, current: string) => string,
): Draft {
  const first = firstVersion(random);
  const proven = provenReleases(random, first, releasedAgo);
  const current = String(first + proven.length);
  return {
    model: {
      thresholds: {
        ...shape,
        periodSeconds: 60,
        errorRatePercent: problem.errorRatePercent,
        latencyMs: problem.latencyMs,
      },
      releases: [...proven, { version: current, minutesAgo: releasedAgo }],
      invocationsPerMinute: random.logUniform(40, 3000),
      healthy: {
        errorRate: random.uniform(0.001, 0.01),
        latencyMs: problem.healthyLatency,
        latencyNoise: 0.08,
      },
      faults: [
        {
          ...problem.fault,
          cause: "environment",
          fromMinutesAgo: window.from,
          toMinutesAgo: window.to,
        },
      ],
    },
    nearThreshold,
    requires: [problem.fault.kind === "errors" ? "errorRate" : "latency"],
    description: story(proven.at(-1)?.version ?? String(first), current),
  };
}

/**
 * The current release had served all traffic for more than the stability window when the outage
 * began (near the threshold: 61-68 minutes; the tie at exactly 60 is left out, see the README).
 */
export function outageOnProvenRelease(random: Random, index: number): Draft {
  const shape = alarmShape(random);
  const onset = onsetMinutesAgo(random, shape.datapointsToAlarm);
  const near = isNear(index);
  const provenFor = near
    ? random.int(STABILITY_WINDOW_MINUTES + 1, STABILITY_WINDOW_MINUTES + 8)
    : random.int(120, 5000);
  const problem = outage(random, false);
  return environmentDraft(
    random,
    shape,
    problem,
    onset + provenFor,
    { from: onset, to: 1 },
    near ? "stability window" : null,
    (previous, current) =>
      `Version ${current} replaced ${previous} ${onset + provenFor} minutes ago and served cleanly for ${provenFor} minutes; since ${onset} minutes ago ${problem.summary}.`,
  );
}

/** The problem was there all along, before and after the release (near the threshold: the alarm flickers). */
export function preExistingErrors(random: Random, index: number): Draft {
  const shape = alarmShape(random);
  const near = isNear(index);
  const releasedAgo = random.int(8, 45);
  const problem = outage(random, near);
  return environmentDraft(
    random,
    shape,
    problem,
    releasedAgo,
    { from: ROWS, to: 1 },
    near ? "alarm threshold" : null,
    (previous, current) =>
      `Version ${current} replaced ${previous} ${releasedAgo} minutes ago; for the whole 90 minutes, before and after, ${problem.summary}.`,
  );
}

/**
 * A dependency burst that has ended: the alarm's M of N periods breached, the most recent period is
 * clean again (near the threshold: it ended just one period before "now"), on a release that had
 * proven itself before the burst. (On a release still inside its stability window such a burst is
 * the ambiguity the README leaves out: CloudWatch's first evaluation in ALARM always has a breaching
 * newest period, so Ripcord decides while the burst still shows, and it then looks exactly like the
 * release failing after a delay.)
 */
export function burstAlreadyOver(random: Random, index: number): Draft {
  const shape = alarmShape(random, 1);
  const near = isNear(index);
  const lastBreach = near
    ? 2
    : random.int(2, shape.evaluationPeriods - shape.datapointsToAlarm + 1);
  const length = random.int(shape.datapointsToAlarm, shape.evaluationPeriods - lastBreach + 1);
  const firstBreach = lastBreach + length - 1;
  // Proven before the burst, never at the tie of exactly the stability window (README).
  const releasedAgo = random.int(
    firstBreach + STABILITY_WINDOW_MINUTES + 1,
    firstBreach + STABILITY_WINDOW_MINUTES + 180,
  );
  const problem = outage(random, false);
  return environmentDraft(
    random,
    shape,
    problem,
    releasedAgo,
    { from: firstBreach, to: lastBreach },
    near ? "burst ended one period ago" : null,
    (previous, current) =>
      `Version ${current} replaced ${previous} ${releasedAgo} minutes ago and had proven itself; from ${firstBreach} to ${lastBreach} minutes ago ${problem.summary}, and the minutes since are clean again.`,
  );
}
