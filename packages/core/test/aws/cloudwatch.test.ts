import { CloudWatch } from "@ripcord/core/aws";
import { describe, expect, it } from "vitest";
import { unique } from "../../../../tests/support/unique.ts";

const T0 = "2026-11-27T13:00:00.000Z";
const minute = (n: number): string => new Date(Date.parse(T0) + n * 60_000).toISOString();

/** What Lambda publishes for one version's traffic in one minute, at version and alias level. */
function lambdaPoints(
  fn: string,
  alias: string,
  at: string,
  version: string,
  invocations: number,
  errors: number,
  latencyMs: number,
): CloudWatch.MetricPoint[] {
  const resource = `${fn}:${alias}`;
  const dimensionSets: Array<Record<string, string>> = [
    { FunctionName: fn, Resource: resource, ExecutedVersion: version },
    { FunctionName: fn, Resource: resource },
  ];
  return dimensionSets.flatMap((dimensions) => [
    {
      namespace: "AWS/Lambda",
      metric: "Invocations",
      dimensions,
      timestamp: at,
      unit: "Count" as const,
      value: invocations,
    },
    {
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions,
      timestamp: at,
      unit: "Count" as const,
      value: errors,
    },
    {
      namespace: "AWS/Lambda",
      metric: "Duration",
      dimensions,
      timestamp: at,
      unit: "Milliseconds" as const,
      statistics: {
        sampleCount: invocations,
        sum: latencyMs * invocations,
        minimum: latencyMs,
        maximum: latencyMs,
      },
    },
  ]);
}

describe("CloudWatch adapter against moto", () => {
  it("returns per-period stats for the alias and each version from one request", async () => {
    // Prepare
    const fn = unique("cw");
    await CloudWatch.putMetricData([
      ...lambdaPoints(fn, "production", minute(0), "1", 100, 1, 120),
      ...lambdaPoints(fn, "production", minute(0), "2", 50, 10, 900),
      ...lambdaPoints(fn, "production", minute(1), "1", 80, 0, 110),
    ]);

    // Act
    const stats = await CloudWatch.periodStats({
      fn,
      alias: "production",
      versions: ["1", "2"],
      from: minute(0),
      to: minute(3),
      periodSeconds: 60,
      latencyStatistic: "Maximum",
    });

    // Assess
    expect(stats.alias).toEqual([
      { start: minute(0), invocations: 150, errors: 11, latencyMs: 900 },
      { start: minute(1), invocations: 80, errors: 0, latencyMs: 110 },
      { start: minute(2), invocations: 0, errors: 0 },
    ]);
    expect(stats.byVersion["1"]).toEqual([
      { start: minute(0), invocations: 100, errors: 1, latencyMs: 120 },
      { start: minute(1), invocations: 80, errors: 0, latencyMs: 110 },
      { start: minute(2), invocations: 0, errors: 0 },
    ]);
    expect(stats.byVersion["2"]?.map((period) => period.invocations)).toEqual([50, 0, 0]);
    expect(stats.byVersion["2"]?.[1]).not.toHaveProperty("latencyMs");
  });

  it("returns raw series by query id, oldest first", async () => {
    // Prepare
    const fn = unique("cw");
    await CloudWatch.putMetricData([
      ...lambdaPoints(fn, "live", minute(2), "4", 7, 2, 300),
      ...lambdaPoints(fn, "live", minute(0), "4", 5, 1, 200),
    ]);
    const queries = CloudWatch.versionQueries(fn, "live", "4", {
      periodSeconds: 60,
      latencyStatistic: "Sum",
    });

    // Act
    const series = await CloudWatch.getMetricData(queries, minute(0), minute(3));

    // Assess
    expect(series.v4_errors).toEqual({ timestamps: [minute(0), minute(2)], values: [1, 2] });
    expect(series.v4_invocations?.values).toEqual([5, 7]);
  });

  it("builds alias-level queries on FunctionName and Resource only", () => {
    // Act
    const queries = CloudWatch.aliasQueries("api", "production", {
      periodSeconds: 60,
      latencyStatistic: "p99",
    });

    // Assess
    expect(
      queries.map((query) => [
        query.Id,
        query.MetricStat?.Metric?.MetricName,
        query.MetricStat?.Stat,
      ]),
    ).toEqual([
      ["alias_invocations", "Invocations", "Sum"],
      ["alias_errors", "Errors", "Sum"],
      ["alias_latency", "Duration", "p99"],
    ]);
    expect(queries[0]?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: "FunctionName", Value: "api" },
      { Name: "Resource", Value: "api:production" },
    ]);
  });

  it("creates an alarm from a spec, reads its state and sets it", async () => {
    // Prepare
    const name = unique("ripcord-alarm");
    const fn = unique("cw");
    const queries = [
      ...CloudWatch.aliasQueries(fn, "production", {
        periodSeconds: 60,
        latencyStatistic: "Maximum",
      }).slice(0, 2),
      { Id: "rate", Expression: "100 * alias_errors / alias_invocations" },
    ];
    await CloudWatch.putMetricAlarm({
      name,
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "notBreaching",
      queries,
      returnId: "rate",
      service: "checkout",
    });

    // Act
    const [initial] = await CloudWatch.describeAlarms([name, unique("absent")]);
    await CloudWatch.setAlarmState(name, "ALARM", "error rate above 5%");
    const [after] = await CloudWatch.describeAlarms([name]);

    // Assess
    expect(initial?.name).toBe(name);
    expect(after).toMatchObject({ name, state: "ALARM", reason: "error rate above 5%" });
    expect(after?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
