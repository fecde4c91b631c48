import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import { defineConfig } from "@ripcord/core/config";
import { ConfigError, InputError } from "@ripcord/core/errors";
import { SIGNAL_SOURCES, SOURCES, type SignalSource } from "@ripcord/core/signals";

/** Two services; `api` reads the given source, `web` Lambda's own metrics. */
function configWith(signal: SignalSource) {
  return defineConfig({
    services: {
      api: {
        signal,
        functions: [{ name: "api-handler" }, { name: "api-worker", alias: "live" }],
        alarms: { errorRatePercent: 3, latencyMs: 800 },
      },
      web: { signal: "lambda", functions: [{ name: "web-ssr" }] },
    },
  });
}

const config = configWith("lambda");

describe("specs", () => {
  const specs = Alarms.specs(config, { prefix: "ripcord-prod", latencyStatistic: "p99" });

  it("defines an error-rate and a latency alarm for every watched function alias, with deterministic names", () => {
    // Assess
    expect(specs.map((s) => s.name)).toEqual([
      "ripcord-prod-api-api-handler-error-rate",
      "ripcord-prod-api-api-handler-latency",
      "ripcord-prod-api-api-worker-error-rate",
      "ripcord-prod-api-api-worker-latency",
      "ripcord-prod-web-web-ssr-error-rate",
      "ripcord-prod-web-web-ssr-latency",
    ]);
  });

  it.each(SIGNAL_SOURCES)(
    "computes the error rate with metric math over the alias's requests and errors sums of the %s source",
    (signal) => {
      // Act
      const spec = Alarms.byName(
        Alarms.specs(configWith(signal), { prefix: "ripcord-prod", latencyStatistic: "p99" }),
        "ripcord-prod-api-api-worker-error-rate",
      );

      // Assess: the service's source names namespace and metrics; the ids are the generic measures.
      expect(spec).toMatchObject({
        service: "api",
        function: "api-worker",
        alias: "live",
        kind: "errorRate",
        signal,
        threshold: 3,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        returnId: "errorRate",
      });
      const { namespace, metrics } = SOURCES[signal];
      const dimensions = [
        { Name: "FunctionName", Value: "api-worker" },
        { Name: "Resource", Value: "api-worker:live" },
      ];
      expect(spec?.queries).toEqual([
        {
          Id: "requests",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: metrics.requests, Dimensions: dimensions },
            Period: 60,
            Stat: "Sum",
          },
          ReturnData: false,
        },
        {
          Id: "errors",
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: metrics.errors, Dimensions: dimensions },
            Period: 60,
            Stat: "Sum",
          },
          ReturnData: false,
        },
        {
          Id: "errorRate",
          Expression: "100 * errors / requests",
          Label: "Error rate (%)",
          ReturnData: true,
        },
      ]);
    },
  );

  it.each(SIGNAL_SOURCES)(
    "reads latency from the %s source's latency metric with the statistic it is given",
    (signal) => {
      // Act
      const aws = Alarms.byName(
        Alarms.specs(configWith(signal), { prefix: "ripcord-prod", latencyStatistic: "p99" }),
        "ripcord-prod-api-api-handler-latency",
      );

      // Assess
      expect(aws?.queries).toEqual([
        {
          Id: "latency",
          MetricStat: {
            Metric: {
              Namespace: SOURCES[signal].namespace,
              MetricName: SOURCES[signal].metrics.latency,
              Dimensions: [
                { Name: "FunctionName", Value: "api-handler" },
                { Name: "Resource", Value: "api-handler:production" },
              ],
            },
            Period: 60,
            Stat: "p99",
          },
          ReturnData: true,
        },
      ]);
      expect(aws?.threshold).toBe(800);
    },
  );

  it("gives each service's alarms its own source and the latency statistic it is given", () => {
    // Act
    const local = Alarms.specs(configWith("url"), {
      prefix: "ripcord-local",
      latencyStatistic: "Maximum",
    });

    // Assess
    expect(local.map((spec) => [spec.service, spec.signal])).toEqual([
      ["api", "url"],
      ["api", "url"],
      ["api", "url"],
      ["api", "url"],
      ["web", "lambda"],
      ["web", "lambda"],
    ]);
    expect(
      Alarms.byName(local, "ripcord-local-web-web-ssr-latency")?.queries[0]?.MetricStat?.Stat,
    ).toBe("Maximum");
  });

  it("keeps names within CloudWatch's 255 characters for the longest service, function and prefix", () => {
    // Prepare
    const longest = defineConfig({
      services: { ["s".repeat(40)]: { signal: "lambda", functions: [{ name: "f".repeat(64) }] } },
    });

    // Act
    const names = Alarms.specs(longest, {
      prefix: "p".repeat(Alarms.MAX_PREFIX_LENGTH),
      latencyStatistic: "p99",
    }).map((s) => s.name);

    // Assess
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(255);
    expect(() =>
      Alarms.specs(longest, {
        prefix: "p".repeat(Alarms.MAX_PREFIX_LENGTH + 1),
        latencyStatistic: "p99",
      }),
    ).toThrow(ConfigError);
    expect(() => Alarms.specs(longest, { prefix: "", latencyStatistic: "p99" })).toThrow(
      ConfigError,
    );
  });

  it("gives the sandbox the raw queries to fetch without metric math", () => {
    // Act
    const raw = Alarms.rawQueries(specs[0]!);

    // Assess
    expect(raw.map((q) => [q.Id, q.MetricStat?.Metric.MetricName, q.ReturnData])).toEqual([
      ["requests", SOURCES.lambda.metrics.requests, true],
      ["errors", SOURCES.lambda.metrics.errors, true],
    ]);
  });
});

describe("valueOf and evaluate", () => {
  const [errorRate, latency] = Alarms.specs(config, {
    prefix: "ripcord-test",
    latencyStatistic: "Maximum",
  });

  it("computes a period's value from raw sums as the metric math would", () => {
    // Act + Assess
    expect(Alarms.valueOf(errorRate!, { requests: 200, errors: 7 })).toBe(3.5);
    expect(Alarms.valueOf(errorRate!, { requests: 0, errors: 0 })).toBeUndefined();
    expect(Alarms.valueOf(latency!, { requests: 200, latencyMs: 950 })).toBe(950);
  });

  it("goes into ALARM with M of N breaching values, strictly above the threshold", () => {
    // Act
    const alarm = Alarms.evaluate(errorRate!, [0.1, 9, 0.2, 3.5, 4]);
    const atThreshold = Alarms.evaluate(errorRate!, [3, 3, 3]);

    // Assess
    expect(alarm).toEqual({ state: "ALARM", breaching: 2, value: 4 });
    expect(atThreshold).toEqual({ state: "OK", breaching: 0, value: 3 });
  });

  it("treats missing data as not breaching", () => {
    // Act
    const result = Alarms.evaluate(errorRate!, [9, undefined, null]);

    // Assess
    expect(result).toEqual({ state: "OK", breaching: 1 });
  });

  it("refuses a spec whose M exceeds its N", () => {
    // Act + Assess
    expect(() => Alarms.evaluate({ ...errorRate!, datapointsToAlarm: 4 }, [9, 9, 9])).toThrow(
      InputError,
    );
  });

  it("finds nothing for a name it does not know", () => {
    // Act + Assess
    expect(Alarms.byName([errorRate!, latency!], "someone-elses-alarm")).toBeUndefined();
  });
});

describe("the alarm's window at now", () => {
  it("is its last evaluationPeriods complete periods, oldest first, with missing periods missing", () => {
    const shop = defineConfig({
      services: {
        shop: {
          signal: "lambda",
          functions: [{ name: "shop-api" }],
          alarms: { evaluationPeriods: 3, datapointsToAlarm: 2 },
        },
      },
    });
    const errorRate = Alarms.specs(shop, {
      prefix: "ripcord-test",
      latencyStatistic: "Maximum",
    }).find((s) => s.kind === "errorRate");
    if (!errorRate) throw new Error("no error-rate alarm");
    const now = "2026-11-27T14:00:30.000Z";

    const starts = Alarms.windowStarts(errorRate, now).map((ms) => new Date(ms).toISOString());
    const values = Alarms.windowValues(
      errorRate,
      [
        { start: "2026-11-27T13:57:00.000Z", requests: 100, errors: 10 },
        { start: "2026-11-27T13:59:00.000Z", requests: 200, errors: 1 },
        { start: "2026-11-27T14:00:00.000Z", requests: 100, errors: 100 },
      ],
      now,
    );

    expect(starts).toEqual([
      "2026-11-27T13:57:00.000Z",
      "2026-11-27T13:58:00.000Z",
      "2026-11-27T13:59:00.000Z",
    ]);
    expect(values).toEqual([10, undefined, 0.5]);
  });
});
