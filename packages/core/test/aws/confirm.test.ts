import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CloudWatch } from "@ripcord/core/aws";
import { defineConfig } from "@ripcord/core/config";
import * as Rollback from "@ripcord/core/rollback";
import { SOURCES } from "@ripcord/core/signals";
import type { ExecutionInput } from "@ripcord/core/workflow";
import { unique } from "../../../../tests/support/unique.ts";

/*
 * Confirm reads the target version's own traffic after the shift, through the real CloudWatch
 * client against moto. The minute of the shift still carries the old version's last requests at
 * the alias level (the alarm's state change, "now", comes a few seconds before the UpdateAlias):
 * read at the alias level they would credit, or blame, the target for the old version's tail.
 */

const NOW = "2026-11-27T14:00:00.000Z";

interface VersionTraffic {
  invocations: number;
  errors: number;
}

/** One minute as Lambda publishes it: each version under ExecutedVersion, the alias as their sum. */
function minutePoints(
  fn: string,
  at: string,
  byVersion: Record<string, VersionTraffic>,
): CloudWatch.MetricPoint[] {
  const alias = { FunctionName: fn, Resource: `${fn}:live` };
  const { namespace, metrics } = SOURCES.lambda;
  const point = (metric: string, dimensions: Record<string, string>, value: number) => ({
    namespace,
    metric,
    dimensions,
    timestamp: at,
    unit: "Count" as const,
    value,
  });
  const sum = (pick: (t: VersionTraffic) => number) =>
    Object.values(byVersion).reduce((total, t) => total + pick(t), 0);
  return [
    ...Object.entries(byVersion).flatMap(([version, t]) => [
      point(metrics.requests, { ...alias, ExecutedVersion: version }, t.invocations),
      point(metrics.errors, { ...alias, ExecutedVersion: version }, t.errors),
    ]),
    point(
      metrics.requests,
      alias,
      sum((t) => t.invocations),
    ),
    point(
      metrics.errors,
      alias,
      sum((t) => t.errors),
    ),
  ];
}

/** A service whose alias `live` was shifted from 8 to 7 at "now"; Confirm waits 180 s. */
function shiftedService(fn: string) {
  const service = unique("shop");
  const config = defineConfig({
    services: {
      [service]: {
        signal: "lambda",
        functions: [{ name: fn, alias: "live" }],
        alarms: { errorRatePercent: 5, periodSeconds: 60 },
        policy: { confirmAfterSeconds: 180 },
      },
    },
  });
  const input: ExecutionInput = {
    id: unique("confirm"),
    service,
    now: NOW,
    source: "manual",
    manual: { actor: "api:test", reason: "test", targets: {}, verify: false },
    dryRun: false,
  };
  const resolved = {
    service,
    functions: [],
    confirmAfterSeconds: 180,
    dryRun: false,
  };
  const shift = {
    shifted: true,
    complete: true,
    reason: "shifted",
    results: [
      {
        function: fn,
        alias: "live",
        from: { version: "8", weights: {} },
        to: "7",
        status: "shifted" as const,
        startedAt: NOW,
      },
    ],
  };
  return { config, input, resolved, shift };
}

describe("Confirm judges the target version's own traffic", () => {
  const statistic = process.env.RIPCORD_LATENCY_STATISTIC;
  beforeEach(() => {
    process.env.RIPCORD_LATENCY_STATISTIC = "Maximum";
  });
  afterEach(() => {
    if (statistic === undefined) delete process.env.RIPCORD_LATENCY_STATISTIC;
    else process.env.RIPCORD_LATENCY_STATISTIC = statistic;
  });

  it("is not recovered when the target itself fails, though the alias level looks healthy", async () => {
    // Prepare: in the minute of the shift, 8's healthy tail hides 7's 30% at the alias level (1.4%).
    const fn = unique("confirm");
    await CloudWatch.putMetricData(
      minutePoints(fn, NOW, {
        "8": { invocations: 2000, errors: 0 },
        "7": { invocations: 100, errors: 30 },
      }),
    );
    const { config, input, resolved, shift } = shiftedService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("not-recovered");
    expect(result.reason).toContain("version 7 itself");
    expect(result.reason).toContain("30.00% errors");
  });

  it("is recovered when only the old version's tail is bad at the alias level", async () => {
    // Prepare: 8's last requests fail (alias level 11.8%); 7 serves at 0.4%.
    const fn = unique("confirm");
    await CloudWatch.putMetricData(
      minutePoints(fn, NOW, {
        "8": { invocations: 300, errors: 150 },
        "7": { invocations: 1000, errors: 4 },
      }),
    );
    const { config, input, resolved, shift } = shiftedService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("recovered");
    expect(result.reason).toContain("0.40% errors");
  });

  it("is unknown while no minute after the shift is published: a later minute is not read", async () => {
    // Prepare: 7 fails in 14:01, which at 14:03 (the end of the wait) is not published yet.
    const fn = unique("confirm");
    const later = new Date(Date.parse(NOW) + 60_000).toISOString();
    await CloudWatch.putMetricData(
      minutePoints(fn, later, { "7": { invocations: 1000, errors: 900 } }),
    );
    const { config, input, resolved, shift } = shiftedService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("unknown");
  });
});

describe("Confirm on a source without ExecutedVersion (url metrics of an alias)", () => {
  const statistic = process.env.RIPCORD_LATENCY_STATISTIC;
  beforeEach(() => {
    process.env.RIPCORD_LATENCY_STATISTIC = "Maximum";
  });
  afterEach(() => {
    if (statistic === undefined) delete process.env.RIPCORD_LATENCY_STATISTIC;
    else process.env.RIPCORD_LATENCY_STATISTIC = statistic;
  });

  /** The alias level only, as the function URL's metrics of an alias may come. */
  function aliasOnly(fn: string, at: string, requests: number, errors: number) {
    const { namespace, metrics } = SOURCES.url;
    const dimensions = { FunctionName: fn, Resource: `${fn}:live` };
    return [
      { namespace, metric: metrics.requests, value: requests },
      { namespace, metric: metrics.errors, value: errors },
    ].map((point) => ({ ...point, dimensions, timestamp: at, unit: "Count" as const }));
  }

  /** 8 served since yesterday; the alias moved to 7 five seconds after "now"; Confirm waits 240 s. */
  function shiftedUrlService(fn: string) {
    const base = shiftedService(fn);
    const service = base.input.service;
    const settings = base.config.services[service];
    if (!settings) throw new Error("the fixture's service is missing");
    const [result] = base.shift.results;
    if (!result) throw new Error("the fixture's shift has no result");
    return {
      config: { ...base.config, services: { [service]: { ...settings, signal: "url" as const } } },
      input: base.input,
      resolved: {
        ...base.resolved,
        confirmAfterSeconds: 240,
        functions: [
          {
            name: fn,
            alias: "live",
            routing: { version: "8", weights: {} },
            current: "8",
            target: "7",
            targetReason: "known-good",
            irreversible: [],
            ledger: [{ version: "8", takenAt: "2026-11-26T14:00:00.000Z" }],
          },
        ],
      },
      shift: {
        ...base.shift,
        results: [{ ...result, updatedAt: new Date(Date.parse(NOW) + 5_000).toISOString() }],
      },
    };
  }

  const next = new Date(Date.parse(NOW) + 60_000).toISOString();

  it("credits the target with the minutes the alias served it throughout, not the minute of the shift", async () => {
    // Prepare: 14:00 mixes 8's failing tail with 7; from 14:01 the alias serves only 7, healthy.
    const fn = unique("confirm");
    await CloudWatch.putMetricData([
      ...aliasOnly(fn, NOW, 1300, 150),
      ...aliasOnly(fn, next, 1000, 4),
    ]);
    const { config, input, resolved, shift } = shiftedUrlService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("recovered");
    expect(result.reason).toContain("(14:01)");
    expect(result.reason).toContain("0.40% errors");
  });

  it("is not recovered when the alias, serving only the target, still fails", async () => {
    // Prepare
    const fn = unique("confirm");
    await CloudWatch.putMetricData(aliasOnly(fn, next, 1000, 300));
    const { config, input, resolved, shift } = shiftedUrlService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("not-recovered");
    expect(result.reason).toContain("30.00% errors");
  });

  it("is unknown when only the minute of the shift is published: two versions served it", async () => {
    // Prepare
    const fn = unique("confirm");
    await CloudWatch.putMetricData(aliasOnly(fn, NOW, 1300, 4));
    const { config, input, resolved, shift } = shiftedUrlService(fn);

    // Act
    const result = await Rollback.confirm(input, resolved, shift, config);

    // Assess
    expect(result.outcome).toBe("unknown");
  });
});
