import { describe, expect, it } from "vitest";
import {
  drawTraffic,
  routingAt,
  type CaseModel,
  type TrafficRow,
} from "../../bench/decisions/model.ts";
import { Random } from "../../bench/decisions/random.ts";
import { firingAlarms, groundTruth, knownGoodBefore } from "../../bench/decisions/truth.ts";

const THRESHOLDS = {
  errorRatePercent: 5,
  latencyMs: 1000,
  periodSeconds: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 2,
} as const;

function model(overrides: Partial<CaseModel>): CaseModel {
  return {
    thresholds: THRESHOLDS,
    releases: [
      { version: "6", minutesAgo: 4000 },
      { version: "7", minutesAgo: 12 },
    ],
    invocationsPerMinute: 500,
    healthy: { errorRate: 0.005, latencyMs: 200, latencyNoise: 0.05 },
    faults: [],
    ...overrides,
  };
}

function rows(
  values: Array<{ invocations: number; errors: number; latencyMs: number }>,
): TrafficRow[] {
  return values.map((v, i) => ({ minutesAgo: values.length - i, byVersion: { "1": v } }));
}

describe("groundTruth", () => {
  it("labels a release fault on the current version as a rollback to the proven release before it", () => {
    // Prepare
    const bad = model({
      faults: [
        {
          cause: "release",
          version: "7",
          kind: "errors",
          errorRate: 0.2,
          fromMinutesAgo: 5,
          toMinutesAgo: 1,
        },
      ],
    });

    // Act
    const truth = groundTruth(bad);

    // Assess
    expect(truth).toEqual({
      expect: "rollback",
      badVersion: "7",
      badFromMinutesAgo: 5,
      expectVersion: "6",
      cause: "release",
    });
  });

  it("labels an environment fault as a hold, whichever versions it hits", () => {
    // Prepare
    const outage = model({
      faults: [
        {
          cause: "environment",
          kind: "errors",
          errorRate: 0.3,
          fromMinutesAgo: 5,
          toMinutesAgo: 1,
        },
      ],
    });

    // Act
    const truth = groundTruth(outage);

    // Assess
    expect(truth).toEqual({
      expect: "hold",
      badVersion: null,
      badFromMinutesAgo: null,
      cause: "environment",
    });
  });

  it("skips releases that never served the stability window when looking for the target", () => {
    // Prepare
    const releases = [
      { version: "3", minutesAgo: 3000 },
      { version: "4", minutesAgo: 70 },
      { version: "5", minutesAgo: 30 },
      { version: "6", minutesAgo: 8 },
    ];

    // Act
    const target = knownGoodBefore(releases, 3);
    const afterProvenIntermediate = knownGoodBefore(
      [...releases.slice(0, 2), { version: "6", minutesAgo: 9 }],
      2,
    );

    // Assess
    expect(target?.version).toBe("3");
    expect(afterProvenIntermediate?.version).toBe("4");
  });
});

describe("routingAt", () => {
  it("sends a canary its weight beside the most recent full release", () => {
    // Prepare
    const releases = [
      { version: "2", minutesAgo: 500 },
      { version: "3", minutesAgo: 10, weight: 0.1 },
    ];

    // Act
    const before = routingAt(releases, 11);
    const during = routingAt(releases, 10);

    // Assess
    expect(before).toEqual([{ version: "2", share: 1 }]);
    expect(during).toEqual([
      { version: "2", share: 0.9 },
      { version: "3", share: 0.1 },
    ]);
  });
});

describe("firingAlarms", () => {
  it("applies M of N to the last N minutes, above the threshold only, missing data not breaching", () => {
    // Prepare
    const twoOfThree = rows([
      { invocations: 100, errors: 9, latencyMs: 100 },
      { invocations: 100, errors: 1, latencyMs: 100 },
      { invocations: 100, errors: 6, latencyMs: 100 },
      { invocations: 100, errors: 7, latencyMs: 100 },
    ]);
    const atThreshold = rows([
      { invocations: 100, errors: 5, latencyMs: 1000 },
      { invocations: 100, errors: 5, latencyMs: 1000 },
      { invocations: 0, errors: 0, latencyMs: 5000 },
    ]);

    // Act / Assess
    expect(firingAlarms(THRESHOLDS, twoOfThree)).toEqual(["errorRate"]);
    expect(firingAlarms(THRESHOLDS, atThreshold)).toEqual([]);
  });
});

describe("drawTraffic", () => {
  it("puts the fault only on the bad version and only in its minutes", () => {
    // Prepare
    const bad = model({
      faults: [
        {
          cause: "release",
          version: "7",
          kind: "latency",
          latencyMs: 3000,
          fromMinutesAgo: 4,
          toMinutesAgo: 1,
        },
      ],
    });

    // Act
    const traffic = drawTraffic(bad, new Random("traffic"));

    // Assess
    expect(traffic).toHaveLength(90);
    const slow = traffic
      .filter((row) => Object.values(row.byVersion).some((v) => v.latencyMs > 1000))
      .map((row) => row.minutesAgo);
    expect(slow).toEqual([4, 3, 2, 1]);
    expect(
      traffic
        .filter((row) => row.minutesAgo > 12)
        .every((row) => Object.keys(row.byVersion).join() === "6"),
    ).toBe(true);
  });
});
