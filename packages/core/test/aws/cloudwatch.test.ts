import { CloudWatch } from "@ripcord/core/aws";
import {
  SIGNAL_SOURCES,
  SOURCES,
  aliasDimensions,
  versionDimensions,
  type SignalSource,
} from "@ripcord/core/signals";
import { describe, expect, it } from "vitest";
import { unique } from "../../../../tests/support/unique.ts";

const T0 = "2026-11-27T13:00:00.000Z";
const minute = (n: number): string => new Date(Date.parse(T0) + n * 60_000).toISOString();

/** What a source publishes for one version's traffic in one minute, at version and alias level. */
function sourcePoints(
  source: SignalSource,
  fn: string,
  alias: string,
  at: string,
  version: string,
  requests: number,
  errors: number,
  latencyMs: number,
): CloudWatch.MetricPoint[] {
  const { namespace, metrics } = SOURCES[source];
  return [versionDimensions(fn, alias, version), aliasDimensions(fn, alias)].flatMap(
    (dimensions) => [
      {
        namespace,
        metric: metrics.requests,
        dimensions,
        timestamp: at,
        unit: "Count" as const,
        value: requests,
      },
      {
        namespace,
        metric: metrics.errors,
        dimensions,
        timestamp: at,
        unit: "Count" as const,
        value: errors,
      },
      {
        namespace,
        metric: metrics.latency,
        dimensions,
        timestamp: at,
        unit: "Milliseconds" as const,
        statistics: {
          sampleCount: requests,
          sum: latencyMs * requests,
          minimum: latencyMs,
          maximum: latencyMs,
        },
      },
    ],
  );
}

describe("CloudWatch adapter against moto", () => {
  it.each(SIGNAL_SOURCES)(
    "returns per-period stats of the %s source for the alias and each version from one request",
    async (signal) => {
      // Prepare
      const fn = unique("cw");
      await CloudWatch.putMetricData([
        ...sourcePoints(signal, fn, "production", minute(0), "1", 100, 1, 120),
        ...sourcePoints(signal, fn, "production", minute(0), "2", 50, 10, 900),
        ...sourcePoints(signal, fn, "production", minute(1), "1", 80, 0, 110),
      ]);

      // Act
      const stats = await CloudWatch.periodStats({
        fn,
        alias: "production",
        versions: ["1", "2"],
        from: minute(0),
        to: minute(3),
        signal,
        periodSeconds: 60,
        latencyStatistic: "Maximum",
      });

      // Assess
      expect(stats.alias).toEqual([
        { start: minute(0), requests: 150, errors: 11, latencyMs: 900 },
        { start: minute(1), requests: 80, errors: 0, latencyMs: 110 },
        { start: minute(2), requests: 0, errors: 0 },
      ]);
      expect(stats.byVersion["1"]).toEqual([
        { start: minute(0), requests: 100, errors: 1, latencyMs: 120 },
        { start: minute(1), requests: 80, errors: 0, latencyMs: 110 },
        { start: minute(2), requests: 0, errors: 0 },
      ]);
      expect(stats.byVersion["2"]?.map((period) => period.requests)).toEqual([50, 0, 0]);
      expect(stats.byVersion["2"]?.[1]).not.toHaveProperty("latencyMs");
    },
  );

  it("reads only the service's own source: another source's metrics are not its traffic", async () => {
    // Prepare: Lambda's own metrics say the function ran, the URL's say nothing.
    const fn = unique("cw");
    await CloudWatch.putMetricData(
      sourcePoints("lambda", fn, "production", minute(0), "1", 100, 40, 120),
    );
    const read = (signal: SignalSource) =>
      CloudWatch.periodStats({
        fn,
        alias: "production",
        versions: ["1"],
        from: minute(0),
        to: minute(1),
        signal,
        periodSeconds: 60,
        latencyStatistic: "Maximum",
      });

    // Act
    const [lambda, url, emf] = await Promise.all([read("lambda"), read("url"), read("emf")]);

    // Assess
    expect(lambda.alias).toEqual([{ start: minute(0), requests: 100, errors: 40, latencyMs: 120 }]);
    expect(url.alias).toEqual([{ start: minute(0), requests: 0, errors: 0 }]);
    expect(emf.alias).toEqual([{ start: minute(0), requests: 0, errors: 0 }]);
  });

  it("returns raw series by query id, oldest first", async () => {
    // Prepare
    const fn = unique("cw");
    await CloudWatch.putMetricData([
      ...sourcePoints("lambda", fn, "live", minute(2), "4", 7, 2, 300),
      ...sourcePoints("lambda", fn, "live", minute(0), "4", 5, 1, 200),
    ]);
    const queries = CloudWatch.versionQueries(fn, "live", "4", {
      signal: "lambda",
      periodSeconds: 60,
      latencyStatistic: "Sum",
    });

    // Act
    const series = await CloudWatch.getMetricData(queries, minute(0), minute(3));

    // Assess
    expect(series.v4_errors).toEqual({ timestamps: [minute(0), minute(2)], values: [1, 2] });
    expect(series.v4_requests?.values).toEqual([5, 7]);
  });

  it.each(SIGNAL_SOURCES)(
    "builds the %s source's alias-level queries on FunctionName and Resource only",
    (signal) => {
      // Act
      const queries = CloudWatch.aliasQueries("api", "production", {
        signal,
        periodSeconds: 60,
        latencyStatistic: "p99",
      });

      // Assess: the generic measures as ids, the source's namespace and metric names.
      const { namespace, metrics } = SOURCES[signal];
      expect(
        queries.map((query) => [
          query.Id,
          query.MetricStat?.Metric.Namespace,
          query.MetricStat?.Metric.MetricName,
          query.MetricStat?.Stat,
        ]),
      ).toEqual([
        ["alias_requests", namespace, metrics.requests, "Sum"],
        ["alias_errors", namespace, metrics.errors, "Sum"],
        ["alias_latency", namespace, metrics.latency, "p99"],
      ]);
      expect(queries[0]?.MetricStat?.Metric.Dimensions).toEqual([
        { Name: "FunctionName", Value: "api" },
        { Name: "Resource", Value: "api:production" },
      ]);
    },
  );

  it("creates an alarm from a spec, reads its state and sets it", async () => {
    // Prepare
    const name = unique("ripcord-alarm");
    const fn = unique("cw");
    const queries = [
      ...CloudWatch.aliasQueries(fn, "production", {
        signal: "lambda",
        periodSeconds: 60,
        latencyStatistic: "Maximum",
      }).slice(0, 2),
      { Id: "rate", Expression: "100 * alias_errors / alias_requests" },
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
