import { afterEach, describe, expect, it, vi } from "vitest";
import { CloudWatch } from "@ripcord/core/aws";
import {
  SIGNAL_SOURCES,
  aliasDimensions,
  measureQuery,
  versionDimensions,
  type Measure,
  type SignalSource,
} from "@ripcord/core/signals";
import { unique } from "../../../../tests/support/unique.ts";
import { SimulatedClock } from "../../src/clock.ts";
import { demoHandlers, demoTraffic } from "../../src/demo.ts";
import { LambdaHost } from "../../src/lambda-host.ts";
import { TrafficPlayer } from "../../src/player.ts";
import { MetricPublisher } from "../../src/publisher.ts";
import { seeded } from "../../src/requests.ts";

/*
 * The sandbox's Lambda host and player against moto: real requests through hono/aws-lambda's
 * handle() of the demo app, and what lands in CloudWatch read back with GetMetricData, per source.
 */

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();

afterEach(() => {
  vi.restoreAllMocks();
});

/** The sum of one measure of a source over [from, to), at one dimension set. */
async function total(
  source: SignalSource,
  measure: Measure,
  dimensions: Record<string, string>,
  from: number,
  to: number,
): Promise<number> {
  const stat = measure === "latency" ? "Maximum" : "Sum";
  const series = await CloudWatch.getMetricData(
    [measureQuery("m", source, measure, dimensions, 60, stat, true)],
    iso(from),
    iso(to),
  );
  const values = series.m?.values ?? [];
  return measure === "latency" ? Math.max(0, ...values) : values.reduce((a, b) => a + b, 0);
}

function publishers(clock: SimulatedClock): Record<SignalSource, MetricPublisher> {
  return {
    lambda: new MetricPublisher(clock, "lambda"),
    url: new MetricPublisher(clock, "url"),
    emf: new MetricPublisher(clock, "emf"),
  };
}

describe("the sandbox's Lambda host, playing the demo app's release 3", () => {
  it("publishes what AWS would: the onError 500s in Url5xxCount and Errors5xx, none in Lambda's Errors", async () => {
    // Prepare
    const fn = unique("host");
    const clock = new SimulatedClock(NOW);
    const random = seeded(42);
    const host = new LambdaHost(fn, "production", demoHandlers(random), random);
    const player = new TrafficPlayer(host, publishers(clock), demoTraffic("emf"), random);
    const written = vi.spyOn(process.stdout, "write");
    // The app logs each failure it answers, as on Lambda; here into the spy, not the test output.
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);

    // Act: five minutes of release 3, then the clock on until every datapoint is visible.
    await player.playHistory(NOW - 5 * MINUTE, NOW, () => ({ version: "3", weights: {} }));
    await clock.advanceTo(NOW + 3 * MINUTE);

    // Assess
    const served = player.totals.get("3");
    expect(served?.requests).toBeGreaterThan(1200);
    expect(served?.http5xx).toBeGreaterThan(0);
    expect(served?.errors).toBe(0);
    expect(logged).toHaveBeenCalledTimes(served?.http5xx ?? -1);
    expect(written.mock.calls.map(([chunk]) => String(chunk)).join("")).not.toMatch(/_aws/);
    const from = NOW - 5 * MINUTE;
    for (const dimensions of [
      aliasDimensions(fn, "production"),
      versionDimensions(fn, "production", "3"),
    ]) {
      const read = (source: SignalSource, measure: Measure): Promise<number> =>
        total(source, measure, dimensions, from, NOW);
      for (const source of SIGNAL_SOURCES)
        expect(await read(source, "requests")).toBe(served?.requests);
      expect(await read("lambda", "errors")).toBe(0);
      expect(await read("url", "errors")).toBe(served?.http5xx);
      expect(await read("emf", "errors")).toBe(served?.http5xx);
      // Simulated run times around release 3's 185 ms; the URL's include its overhead.
      expect(await read("lambda", "latency")).toBeGreaterThan(150);
      expect(await read("url", "latency")).toBeGreaterThan(await read("lambda", "latency"));
    }
  });

  it("holds each source's datapoints until its delay has passed on the sandbox's clock", async () => {
    // Prepare
    const fn = unique("host");
    const clock = new SimulatedClock(NOW);
    const random = seeded(43);
    const host = new LambdaHost(fn, "production", demoHandlers(random), random);
    const player = new TrafficPlayer(host, publishers(clock), demoTraffic("emf"), random);
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const dimensions = aliasDimensions(fn, "production");
    const lastMinute = (source: SignalSource): Promise<number> =>
      total(source, "requests", dimensions, NOW - MINUTE, NOW);

    // Act
    await player.playHistory(NOW - MINUTE, NOW, () => ({ version: "2", weights: {} }));
    const atNow = { url: await lastMinute("url"), emf: await lastMinute("emf") };
    await clock.advanceTo(NOW + 15_000);
    const after15s = { url: await lastMinute("url"), emf: await lastMinute("emf") };
    await clock.advanceTo(NOW + 90_000);
    const after90s = { url: await lastMinute("url"), emf: await lastMinute("emf") };

    // Assess: EMF's last 10 s slice shows 15 s after it ends; the URL's minute 90 s after it ends.
    const requests = player.totals.get("2")?.requests ?? 0;
    expect(atNow.url).toBe(0);
    // Four of its six slices ended 15 s before "now" or earlier: those are visible already.
    expect(atNow.emf).toBeGreaterThan(0.5 * requests);
    expect(atNow.emf).toBeLessThan(requests);
    expect(after15s).toEqual({ url: 0, emf: requests });
    expect(after90s).toEqual({ url: requests, emf: requests });
  });
});
