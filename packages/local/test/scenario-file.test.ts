import { describe, expect, it } from "vitest";
import * as Scenario from "../src/scenario-file.ts";

const NOW = "2026-11-27T14:00:00.000Z";
const ago = (minutes: number): string => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

const file = {
  format: "ripcord-scenario/1",
  name: "tiny-canary",
  expect: "rollback",
  expectVersion: "2",
  function: "demo-api",
  alias: "production",
  thresholds: {
    errorRatePercent: 5,
    latencyMs: 1500,
    periodSeconds: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
  },
  releases: [
    { version: "2", minutesAgo: 300 },
    { version: "3", minutesAgo: 2, weight: 0.5 },
  ],
  traffic: [
    { minutesAgo: 3, byVersion: { "2": { invocations: 100, errors: 1, latencyMs: 120 } } },
    {
      minutesAgo: 2,
      byVersion: {
        "2": { invocations: 50, errors: 1, latencyMs: 130 },
        "3": { invocations: 50, errors: 9, latencyMs: 190 },
      },
    },
    {
      minutesAgo: 1,
      byVersion: {
        "2": { invocations: 40, errors: 0, latencyMs: 125 },
        "3": { invocations: 60, errors: 12, latencyMs: 110 },
      },
    },
  ],
};

describe("scenario files", () => {
  it("turns traffic rows into alias-level sums with the maximum latency, and per-version periods", () => {
    // Prepare
    const scenario = Scenario.ScenarioFile.parse(file);

    // Act
    const metrics = Scenario.scenarioMetrics(scenario, NOW);

    // Assess
    expect(metrics.alias).toEqual([
      { start: ago(3), requests: 100, errors: 1, latencyMs: 120 },
      { start: ago(2), requests: 100, errors: 10, latencyMs: 190 },
      { start: ago(1), requests: 100, errors: 12, latencyMs: 125 },
    ]);
    expect(metrics.byVersion["3"]).toEqual([
      { start: ago(2), requests: 50, errors: 9, latencyMs: 190 },
      { start: ago(1), requests: 60, errors: 12, latencyMs: 110 },
    ]);
  });

  it("turns releases into an alias history at absolute times", () => {
    // Act
    const history = Scenario.scenarioHistory(Scenario.ScenarioFile.parse(file), NOW);

    // Assess
    expect(history).toEqual([
      { version: "2", at: ago(300) },
      { version: "3", at: ago(2), weight: 0.5 },
    ]);
  });

  it("rejects a rollback case without its expected version, releases out of order and unknown fields", () => {
    // Act
    const results = [
      Scenario.ScenarioFile.safeParse({ ...file, expectVersion: undefined }),
      Scenario.ScenarioFile.safeParse({ ...file, releases: [...file.releases].reverse() }),
      Scenario.ScenarioFile.safeParse({ ...file, extra: true }),
      Scenario.ScenarioFile.safeParse({
        ...file,
        traffic: [
          { minutesAgo: 1, byVersion: { "2": { invocations: 1, errors: 2, latencyMs: 1 } } },
        ],
      }),
    ];

    // Assess
    expect(results.map((r) => r.success)).toEqual([false, false, false, false]);
  });
});
