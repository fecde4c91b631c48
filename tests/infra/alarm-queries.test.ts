import { describe, expect, it } from "vitest";
import ripcordConfig from "../../ripcord.config.ts";
import { specs, type AlarmSpec } from "@ripcord/core/alarms";
import { ConfigError } from "@ripcord/core/errors";
import { SOURCES } from "@ripcord/core/signals";
import { toAlarmMetricQueries } from "../../infra/alarm-queries.ts";

const all = specs(ripcordConfig, { prefix: "ripcord-test", latencyStatistic: "p99" });

function specOf(kind: AlarmSpec["kind"]): AlarmSpec {
  const spec = all.find(
    (candidate) => candidate.kind === kind && candidate.function === "acme-api",
  );
  if (!spec) throw new Error(`the example config has no ${kind} alarm for acme-api`);
  return spec;
}

describe("alarm spec queries as MetricAlarm metricQueries", () => {
  it("turn the error-rate spec into metric math over the alias's requests and errors of its source", () => {
    const spec = specOf("errorRate");
    const source = SOURCES[spec.signal];

    const queries = toAlarmMetricQueries(spec.name, spec.queries, spec.returnId);

    expect(queries.filter((q) => q.returnData).map((q) => q.id)).toEqual([spec.returnId]);
    const math = queries.find((q) => q.id === spec.returnId);
    expect(math?.expression).toBe(spec.queries.find((q) => q.Id === spec.returnId)?.Expression);
    const metrics = queries.flatMap((q) => (q.metric ? [q.metric] : []));
    expect(metrics.map((m) => m.metricName)).toEqual([
      source.metrics.requests,
      source.metrics.errors,
    ]);
    for (const metric of metrics) {
      expect(metric.namespace).toBe(source.namespace);
      expect(metric.dimensions).toEqual({
        FunctionName: "acme-api",
        Resource: "acme-api:production",
      });
      expect(metric.period).toBe(spec.periodSeconds);
      expect(metric.stat).toBe("Sum");
    }
  });

  it("keep the latency spec's percentile statistic", () => {
    const spec = specOf("latency");

    const [query, ...rest] = toAlarmMetricQueries(spec.name, spec.queries, spec.returnId);

    expect(rest).toEqual([]);
    expect(query?.returnData).toBe(true);
    expect(query?.metric?.metricName).toBe(SOURCES[spec.signal].metrics.latency);
    expect(query?.metric?.stat).toBe("p99");
  });

  it("refuse a spec whose return id names no query", () => {
    const spec = specOf("latency");

    expect(() => toAlarmMetricQueries(spec.name, spec.queries, "missing")).toThrow(ConfigError);
  });

  it("refuse a query with neither an expression nor a metric", () => {
    expect(() =>
      toAlarmMetricQueries("broken", [{ Id: "empty", ReturnData: true }], "empty"),
    ).toThrow(ConfigError);
  });
});
