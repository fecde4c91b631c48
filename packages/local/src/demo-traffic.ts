import { RipcordError } from "@ripcord/core/errors";
import type { AliasRouting } from "@ripcord/core/release";
import { SOURCES, type SignalSource } from "@ripcord/core/signals";
import { DEMO, demoHandlers, demoTraffic } from "./demo.ts";
import { aliasMoves } from "./history.ts";
import { LambdaHost } from "./lambda-host.ts";
import { TrafficPlayer, type Publishers, type VersionTotals } from "./player.ts";
import { seeded } from "./requests.ts";
import { scenarioHistory, type ScenarioFile } from "./scenario-file.ts";
import type { Timeline } from "./timeline.ts";

export interface DemoHistory {
  scenario: ScenarioFile;
  /** Where the history ends: the start of the current minute. */
  now: string;
  publishers: Publishers;
  /** The source the service is watched with: how dense the traffic must be (demoTraffic). */
  signal: SignalSource;
  timeline: Timeline;
  /** Which release's code each version runs (its own number unless set). */
  code?: ((version: string) => string) | undefined;
}

/**
 * The demo's past through the sandbox's Lambda host: real requests to the real app, routed as the
 * alias stood at each slice per the release history (the alias in the endpoint already stands at
 * the last release), published as AWS would for every source. The player goes on with live
 * traffic from there (TrafficPlayer.playLive).
 */
export async function playDemoHistory(demo: DemoHistory): Promise<TrafficPlayer> {
  const { scenario, now, timeline } = demo;
  const random = seeded(DEMO.seed);
  const host = new LambdaHost(
    scenario.function,
    scenario.alias,
    demoHandlers(random, demo.code),
    random,
  );
  const player = new TrafficPlayer(host, demo.publishers, demoTraffic(demo.signal), random);
  const history = aliasMoves(scenarioHistory(scenario, now));
  const routingAt = (ms: number): AliasRouting => {
    const move = history.filter((m) => Date.parse(m.at) <= ms).at(-1);
    if (!move)
      throw new RipcordError(
        `the demo's alias has no release before ${new Date(ms).toISOString()}`,
      );
    return move.routing;
  };
  const nowMs = Date.parse(now);
  await player.playHistory(nowMs - DEMO.historyMinutes * 60_000, nowMs, routingAt, (done, total) =>
    timeline.progress("traffic", done, total, "minutes of requests played"),
  );
  timeline.line(
    "traffic",
    `${DEMO.historyMinutes} minutes of requests (${DEMO.requestsPerMinute[demo.signal]} a minute) through the demo app's handle() (function URL events, each to the version the alias routed it to)`,
    describeTotals(player.totals),
  );
  return player;
}

/** One line per version: its requests, the 5xx the URL answered, the invocations that threw. */
export function describeTotals(totals: ReadonlyMap<string, VersionTotals>): string[] {
  return [...totals].map(
    ([version, t]) =>
      `version ${version}: ${t.requests} requests, ${t.http5xx} answered 5xx (${SOURCES.url.metrics.errors}), ${t.errors} threw (${SOURCES.lambda.metrics.errors})`,
  );
}

/**
 * Why a watch through Lambda's own metrics saw nothing: the version the alias serves answered more
 * than the threshold's share of its requests with a 5xx, and Lambda counted none of them as errors
 * (the app's onError answered them, so the invocations succeeded). Undefined otherwise.
 */
export function unseenFailures(
  player: TrafficPlayer,
  signal: SignalSource,
  version: string,
  thresholdPercent: number,
): string | undefined {
  const served = player.totals.get(version);
  if (signal !== "lambda" || !served || served.requests === 0) return undefined;
  const percent = (served.http5xx / served.requests) * 100;
  if (percent <= thresholdPercent || served.errors >= served.http5xx) return undefined;
  return `version ${version} answered ${served.http5xx} of ${served.requests} requests with HTTP 5xx (${percent.toFixed(2)}%, threshold ${thresholdPercent}%), but Lambda counted ${served.errors} Errors: the app's onError turns a throw into a 500 response, so the invocation succeeds (a web app's 500s never reach Lambda's Errors); watch it with --signal url or emf`;
}
