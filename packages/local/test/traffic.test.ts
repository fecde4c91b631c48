import { describe, expect, it } from "vitest";
import { SIGNAL_SOURCES, SOURCES } from "@ripcord/core/signals";
import { minutePoints } from "../src/traffic.ts";

const START = "2026-11-27T14:00:00.000Z";

describe("minutePoints", () => {
  it.each(SIGNAL_SOURCES)(
    "publishes the %s source's metrics: each version under ExecutedVersion, the alias as sums with the maximum latency",
    (signal) => {
      // Prepare
      const minute = {
        start: START,
        byVersion: {
          "20": { invocations: 900, errors: 3, latencyMs: 140 },
          "21": { invocations: 100, errors: 12, latencyMs: 610 },
        },
      };
      const { namespace, metrics } = SOURCES[signal];

      // Act
      const points = minutePoints("demo-api", "production", minute, signal);

      // Assess
      const aliasLevel = points.filter((p) => !("ExecutedVersion" in p.dimensions));
      expect(aliasLevel.map((p) => [p.metric, p.value ?? p.statistics])).toEqual([
        [metrics.requests, 1000],
        [metrics.errors, 15],
        [
          metrics.latency,
          { sampleCount: 1000, sum: 900 * 140 + 100 * 610, minimum: 140, maximum: 610 },
        ],
      ]);
      const canary = points.filter((p) => p.dimensions.ExecutedVersion === "21");
      expect(canary.map((p) => p.metric)).toEqual([
        metrics.requests,
        metrics.errors,
        metrics.latency,
      ]);
      expect(canary[0]?.dimensions).toEqual({
        FunctionName: "demo-api",
        Resource: "demo-api:production",
        ExecutedVersion: "21",
      });
      expect(points.every((p) => p.namespace === namespace && p.timestamp === START)).toBe(true);
    },
  );

  it("publishes Lambda's own metrics when no source is named", () => {
    const minute = {
      start: START,
      byVersion: { "2": { invocations: 10, errors: 1, latencyMs: 90 } },
    };

    expect(minutePoints("fn", "live", minute)).toEqual(
      minutePoints("fn", "live", minute, "lambda"),
    );
  });

  it("publishes nothing for a version, or a minute, without invocations", () => {
    // Prepare
    const quiet = { start: START, byVersion: { "3": { invocations: 0, errors: 0, latencyMs: 0 } } };
    const partly = {
      start: START,
      byVersion: {
        "3": { invocations: 0, errors: 0, latencyMs: 0 },
        "2": { invocations: 10, errors: 0, latencyMs: 90 },
      },
    };

    // Act
    const none = minutePoints("fn", "live", quiet);
    const some = minutePoints("fn", "live", partly);

    // Assess
    expect(none).toEqual([]);
    expect(some.some((p) => p.dimensions.ExecutedVersion === "3")).toBe(false);
    expect(
      some.find(
        (p) => p.metric === SOURCES.lambda.metrics.latency && !("ExecutedVersion" in p.dimensions),
      )?.statistics?.minimum,
    ).toBe(90);
  });
});
