import { handle } from "hono/aws-lambda";
import type { SignalSource } from "@ripcord/core/signals";
// The one demo app, kept with the SST example that deploys it (examples/sst-hono-api).
import { createApp } from "../../../examples/sst-hono-api/src/app.ts";
import type { HandlerFactory } from "./lambda-host.ts";
import type { TrafficShape } from "./player.ts";
import { parseScenario, type ScenarioFile } from "./scenario.ts";

/**
 * The built-in demo: the real demo API (examples/sst-hono-api, a Hono app whose orders sub-app
 * answers its own errors through `onError`), whose release 3 went out 11 minutes ago and answers
 * 500 on about 9% of order lookups, where release 2 (two days in production, known-good) fails
 * 0.3%. The sandbox plays Lambda and the function URL in front of it: history and the traffic
 * after the shift are real requests through `hono/aws-lambda`'s `handle()`.
 */
export const DEMO = {
  function: "demo-api",
  alias: "production",
  goodVersion: "2",
  badVersion: "3",
  releasedMinutesAgo: 11,
  /** The demo is an HTTP API behind a function URL: watched through the URL's metrics by default. */
  signal: "url",
  /** emf's alarms use 10 s high-resolution periods, the point of that source. */
  emfPeriodSeconds: 10,
  /**
   * How long the demo keeps evaluating its alarms, as CloudWatch does at each tick while requests
   * go on, when the first tick fires nothing: 10 s periods hold a few dozen requests each here, so
   * the first ticks may see one breaching period of the two needed.
   */
  watchSeconds: 120,
  /**
   * Confirm reads this many seconds of traffic after the shift: at least a minute plus its
   * publication delay, or no minute after the shift is published yet (simulated time costs nothing).
   */
  confirmAfterSeconds: 180,
  /**
   * Minutes of history before "now": the bad release and 7 minutes of the known-good version before
   * it (Verify's baseline is the hour before the replacement; a part of it is plenty at this
   * volume). Every request goes through handle(), so this is what `--once` spends its time on.
   */
  historyMinutes: 18,
  /**
   * Requests a minute: a few dozen per minute period are plenty for 60 s periods; a 10 s period
   * (emf) holds a sixth of a minute's, so that source gets more, or a period's 5xx rate is mostly
   * noise.
   */
  requestsPerMinute: { lambda: 120, url: 120, emf: 300 },
  /** The share of requests that look an order up (the rest ask /health, which never fails). */
  orderShare: 0.9,
  seed: 20261127,
} as const satisfies Record<string, unknown> & { signal: SignalSource };

/** How long each release's handler runs, on average (simulated: the real one takes microseconds here). */
const LATENCY_MS: Readonly<Record<string, number>> = { "1": 150, "2": 140, "3": 185 };

/** Requests of the demo: mostly order lookups, some health checks; run times around the release's. */
export function demoTraffic(signal: SignalSource): TrafficShape {
  return {
    requestsPerMinute: DEMO.requestsPerMinute[signal],
    path: (random) =>
      random() < DEMO.orderShare ? `/orders/${1000 + Math.floor(random() * 9000)}` : "/health",
    latencyMs: (version, random) =>
      Math.round((LATENCY_MS[version] ?? 140) * (0.6 + 0.8 * random()) * 1000) / 1000,
  };
}

/**
 * Each Lambda version of the demo: the app built for its release (Lambda keeps the environment a
 * version was published with), instrumented with `write` so the EMF lines reach the sandbox, not
 * stdout. `codeOf` says which release's code a version runs (its own number unless told).
 */
export function demoHandlers(
  random: () => number,
  codeOf: (version: string) => string = (version) => version,
): HandlerFactory {
  return (version, write) =>
    handle(
      createApp({ release: codeOf(version), random, instrument: { highResolution: true, write } }),
    );
}

/** The demo as a ripcord-scenario/1 file (releases and thresholds; its traffic is played, not listed). */
export function demoScenario(): ScenarioFile {
  return parseScenario(
    {
      format: "ripcord-scenario/1",
      name: "demo",
      description: `Release ${DEMO.badVersion} of ${DEMO.function} went out ${DEMO.releasedMinutesAgo} minutes ago and answers HTTP 500 on about 9% of order lookups (through its orders sub-app's onError); release ${DEMO.goodVersion} failed 0.3%.`,
      expect: "rollback",
      expectVersion: DEMO.goodVersion,
      function: DEMO.function,
      alias: DEMO.alias,
      thresholds: {
        errorRatePercent: 5,
        latencyMs: 1500,
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      releases: [
        { version: "1", minutesAgo: 10_080 },
        { version: DEMO.goodVersion, minutesAgo: 2_880 },
        { version: DEMO.badVersion, minutesAgo: DEMO.releasedMinutesAgo },
      ],
      traffic: [],
    },
    "the built-in demo",
  );
}
