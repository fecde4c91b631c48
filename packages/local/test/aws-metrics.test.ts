import { describe, expect, it } from "vitest";
import { RipcordError } from "@ripcord/core/errors";
import { emfMetrics, lambdaMetrics } from "../src/aws-metrics.ts";
import type { Served } from "../src/lambda-host.ts";

/*
 * What AWS makes of served requests: Lambda's and the URL's metrics per minute, and EMF lines as
 * CloudWatch Logs extracts them (each directive's metrics under each of its dimension sets).
 */

const T0 = Date.parse("2026-11-29T19:03:00.000Z");

function emfLine(version: string, failed: boolean): string {
  return JSON.stringify({
    _aws: {
      Timestamp: 1, // the handler's wall clock: replaced by the request's simulated time
      CloudWatchMetrics: [
        {
          Namespace: "Ripcord",
          Dimensions: [
            ["FunctionName", "Resource"],
            ["FunctionName", "Resource", "ExecutedVersion"],
          ],
          Metrics: [
            { Name: "Requests", Unit: "Count" },
            { Name: "Errors5xx", Unit: "Count" },
            { Name: "Latency", Unit: "Milliseconds" },
          ],
        },
      ],
    },
    FunctionName: "shop",
    Resource: "shop:production",
    ExecutedVersion: version,
    Requests: 1,
    Errors5xx: failed ? 1 : 0,
    Latency: 0.042,
  });
}

function served(atMs: number, status: number, threw: boolean, latencyMs: number): Served {
  return {
    atMs,
    path: "/orders/1",
    version: "3",
    latencyMs,
    status,
    threw,
    emf: [emfLine("3", status >= 500 || threw)],
  };
}

const requests = [
  served(T0 + 1_000, 200, false, 100),
  served(T0 + 2_000, 500, false, 300), // the app answered 500: a successful invocation
  served(T0 + 12_000, 502, true, 50), // the invocation failed
];

describe("what AWS publishes from served requests", () => {
  it("counts in Lambda's Errors only the invocations that threw, in Url5xxCount every 5xx", () => {
    // Act
    const lambda = lambdaMetrics("lambda", "shop", "production", requests, 60_000);
    const url = lambdaMetrics("url", "shop", "production", requests, 60_000);

    // Assess
    const at = (points: typeof lambda, metric: string, version?: string) =>
      points.find((p) => p.metric === metric && p.dimensions.ExecutedVersion === version);
    expect(at(lambda, "Invocations")?.value).toBe(3);
    expect(at(lambda, "Errors")?.value).toBe(1);
    expect(at(lambda, "Errors", "3")?.value).toBe(1);
    expect(at(url, "UrlRequestCount")?.value).toBe(3);
    expect(at(url, "Url5xxCount")?.value).toBe(2);
    expect(at(lambda, "Duration")?.statistics).toEqual({
      sampleCount: 3,
      sum: 450,
      minimum: 50,
      maximum: 300,
    });
    expect(at(url, "UrlRequestLatency")?.statistics?.maximum).toBeGreaterThan(300);
    expect(new Set(lambda.map((p) => p.timestamp))).toEqual(new Set([new Date(T0).toISOString()]));
  });

  it("extracts the EMF lines per 10 s under both dimension sets, stamped with the request's time and run time", () => {
    // Act
    const points = emfMetrics(requests, 10_000);

    // Assess
    const first = new Date(T0).toISOString();
    const second = new Date(T0 + 10_000).toISOString();
    const find = (metric: string, timestamp: string, version?: string) =>
      points.find(
        (p) =>
          p.metric === metric &&
          p.timestamp === timestamp &&
          p.dimensions.ExecutedVersion === version,
      );
    expect(points).toHaveLength(12);
    expect(find("Requests", first)).toMatchObject({
      namespace: "Ripcord",
      dimensions: { FunctionName: "shop", Resource: "shop:production" },
      value: 2,
    });
    expect(find("Errors5xx", first, "3")?.value).toBe(1);
    expect(find("Errors5xx", second, "3")?.value).toBe(1);
    expect(find("Latency", first, "3")?.statistics).toEqual({
      sampleCount: 2,
      sum: 400,
      minimum: 100,
      maximum: 300,
    });
  });

  it("refuses a line that names a dimension it does not carry", () => {
    // Prepare
    const broken = {
      ...served(T0, 200, false, 10),
      emf: [emfLine("3", false).replace('"ExecutedVersion":"3",', "")],
    };

    // Act
    const extract = () => emfMetrics([broken], 10_000);

    // Assess
    expect(extract).toThrow(RipcordError);
    expect(extract).toThrow(/names the dimension "ExecutedVersion" that it does not carry/);
  });
});
