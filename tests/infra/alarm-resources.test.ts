/**
 * The CloudWatch alarms infra/alarms.ts declares, as Pulumi hands them to the AWS provider: the SST
 * platform's own @pulumi/aws under Pulumi's mocks, with the globals SST gives infra (`aws`, `$app`,
 * `$resolve`, `$interpolate`). One service per signal source, so each source's namespace, metric
 * names, dimensions and period are seen on the resource itself, not only in core's specs
 * (alarm-queries.test.ts covers the spelling conversion without Pulumi).
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { platformPulumi } from "../../packages/sst/test/support/platform.ts";

vi.mock("@pulumi/pulumi", () => platformPulumi("pulumi"));

import * as pulumi from "@pulumi/pulumi";
import { defineConfig } from "@ripcord/core/config";

const STAGE = "production";
const ACCOUNT = "123456789012";

interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const declared: Declared[] = [];

const config = defineConfig({
  services: {
    // Queue workers: their failures throw, so Lambda's own Errors sees them.
    orders: { signal: "lambda", functions: [{ name: "shop-production-Orders-a1b2c3" }] },
    // A Hono API behind a function URL on the alias "live".
    web: { signal: "url", functions: [{ name: "shop-production-Web-d4e5f6", alias: "live" }] },
    // The instrument's EMF, the only source with sub-minute periods.
    edge: {
      signal: "emf",
      functions: [{ name: "shop-production-Edge-0f0f0f" }],
      alarms: { periodSeconds: 10, evaluationPeriods: 6, datapointsToAlarm: 3 },
    },
  },
});

beforeAll(async () => {
  Object.assign(globalThis, {
    // What SST gives infra's files (the platform's modules themselves, not vitest's mock wrappers).
    aws: await platformPulumi("aws"),
    $app: { name: "ripcord", stage: STAGE, removal: "retain", providers: {}, protect: true },
    $resolve: pulumi.all,
    $interpolate: pulumi.interpolate,
  });
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        declared.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      // infra/context.ts's partition, region and caller identity look-ups.
      call: () => ({ partition: "aws", region: "us-east-1", accountId: ACCOUNT }),
    },
    "ripcord",
    STAGE,
    false,
  );
  // After the globals: infra/context.ts reads them when it loads. A path TypeScript does not
  // follow: infra's files are type-checked with SST's globals (scripts/typecheck-infra.mjs), not
  // in this program.
  const file = new URL("../../infra/alarms.ts", import.meta.url).href;
  const infraAlarms: unknown = await import(/* @vite-ignore */ file);
  const createAlarms: unknown = Reflect.get(Object(infraAlarms), "createAlarms");
  const ripcordAlarmSpecs: unknown = Reflect.get(Object(infraAlarms), "ripcordAlarmSpecs");
  if (typeof createAlarms !== "function" || typeof ripcordAlarmSpecs !== "function") {
    throw new Error("infra/alarms.ts does not export createAlarms and ripcordAlarmSpecs");
  }
  const alarms: unknown = createAlarms(ripcordAlarmSpecs(config));
  if (!Array.isArray(alarms)) throw new Error("createAlarms returned no list");
  // Each resource is registered once its inputs resolve: wait for every URN.
  await Promise.all(
    alarms.map(
      (alarm: pulumi.CustomResource) =>
        new Promise((resolve) => alarm.urn.apply((urn) => resolve(urn))),
    ),
  );
});

function alarm(name: string): Record<string, unknown> {
  const found = declared.find((resource) => resource.inputs.name === name);
  if (!found) {
    throw new Error(`no alarm ${name}: ${declared.map((r) => String(r.inputs.name)).join(", ")}`);
  }
  expect(found.type).toBe("aws:cloudwatch/metricAlarm:MetricAlarm");
  return found.inputs;
}

/** The alarm's metric queries, each as `id -> metric` (or the expression). */
function queries(inputs: Record<string, unknown>) {
  return inputs.metricQueries;
}

describe("one error-rate and one latency alarm per watched alias, per signal source", () => {
  it("declares exactly two alarms per function, named under the stage's prefix", () => {
    const names = declared
      .filter((resource) => resource.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((resource) => String(resource.inputs.name));

    expect(names).toHaveLength(6);
    for (const name of names) expect(name.startsWith(`ripcord-${STAGE}-`)).toBe(true);
  });

  it("lambda: AWS/Lambda Invocations and Errors on the alias, 60 s periods", () => {
    const dimensions = {
      FunctionName: "shop-production-Orders-a1b2c3",
      Resource: "shop-production-Orders-a1b2c3:production",
    };
    const errorRate = alarm(nameOf("orders", "errorRate"));

    expect(queries(errorRate)).toEqual([
      {
        id: "requests",
        returnData: false,
        metric: {
          namespace: "AWS/Lambda",
          metricName: "Invocations",
          dimensions,
          period: 60,
          stat: "Sum",
        },
      },
      {
        id: "errors",
        returnData: false,
        metric: {
          namespace: "AWS/Lambda",
          metricName: "Errors",
          dimensions,
          period: 60,
          stat: "Sum",
        },
      },
      {
        id: "errorRate",
        returnData: true,
        label: "Error rate (%)",
        expression: "100 * errors / requests",
      },
    ]);
    expect(errorRate).toMatchObject({ comparisonOperator: "GreaterThanThreshold" });
    expect(queries(alarm(nameOf("orders", "latency")))).toEqual([
      {
        id: "latency",
        returnData: true,
        metric: {
          namespace: "AWS/Lambda",
          metricName: "Duration",
          dimensions,
          period: 60,
          stat: "p99",
        },
      },
    ]);
  });

  it("url: the function URL's metrics on the alias it is served from", () => {
    const dimensions = {
      FunctionName: "shop-production-Web-d4e5f6",
      Resource: "shop-production-Web-d4e5f6:live",
    };

    expect(metricsOf(alarm(nameOf("web", "errorRate")))).toEqual([
      ["AWS/Lambda", "UrlRequestCount", dimensions, 60, "Sum"],
      ["AWS/Lambda", "Url5xxCount", dimensions, 60, "Sum"],
    ]);
    expect(metricsOf(alarm(nameOf("web", "latency")))).toEqual([
      ["AWS/Lambda", "UrlRequestLatency", dimensions, 60, "p99"],
    ]);
  });

  it("emf: the instrument's Ripcord namespace, at the 10 s period and M of N the config asks", () => {
    const dimensions = {
      FunctionName: "shop-production-Edge-0f0f0f",
      Resource: "shop-production-Edge-0f0f0f:production",
    };
    const errorRate = alarm(nameOf("edge", "errorRate"));

    expect(metricsOf(errorRate)).toEqual([
      ["Ripcord", "Requests", dimensions, 10, "Sum"],
      ["Ripcord", "Errors5xx", dimensions, 10, "Sum"],
    ]);
    expect(errorRate).toMatchObject({ evaluationPeriods: 6, datapointsToAlarm: 3 });
    expect(metricsOf(alarm(nameOf("edge", "latency")))).toEqual([
      ["Ripcord", "Latency", dimensions, 10, "p99"],
    ]);
  });
});

function nameOf(service: string, kind: "errorRate" | "latency"): string {
  const found = declared.find(
    (resource) =>
      resource.type === "aws:cloudwatch/metricAlarm:MetricAlarm" &&
      resource.name.startsWith(`Alarm-${service}-`) &&
      resource.name.endsWith(`-${kind}`),
  );
  if (!found) throw new Error(`no ${kind} alarm for ${service}`);
  return String(found.inputs.name);
}

/** Each metric query as [namespace, metric name, dimensions, period, statistic]. */
function metricsOf(inputs: Record<string, unknown>): unknown[] {
  const list = inputs.metricQueries;
  if (!Array.isArray(list)) throw new Error("an alarm without metricQueries");
  return list.flatMap((query: { metric?: Record<string, unknown> }) =>
    query.metric
      ? [
          [
            query.metric.namespace,
            query.metric.metricName,
            query.metric.dimensions,
            query.metric.period,
            query.metric.stat,
          ],
        ]
      : [],
  );
}
