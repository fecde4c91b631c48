import * as z from "zod";
import { Lambda } from "@ripcord/core/aws";
import type { RipcordConfig } from "@ripcord/core/config";
import { SOURCES, evaluationIntervalSeconds, type SignalSource } from "@ripcord/core/signals";
import {
  alarmStateChangeEvent,
  currentState,
  describeCheck,
  evaluationTick,
  recordState,
  watchAlarms,
  type AlarmCheck,
} from "./alarms.ts";
import { SimulatedClock } from "./clock.ts";
import { DEMO, demoScenario } from "./demo.ts";
import { assertFresh, deployFunction, deployRipcord } from "./deploy.ts";
import { NAMES, useLocalAws, useRipcordEnvironment } from "./environment.ts";
import * as Provision from "./provision.ts";
import { trigger } from "./handlers.ts";
import { describeTotals, playDemoHistory, unseenFailures } from "./demo-traffic.ts";
import { aliasRouting } from "./lambda-host.ts";
import { startMoto, type MotoServer } from "./moto.ts";
import type { Publishers } from "./player.ts";
import {
  finalRouting,
  readScenario,
  scenarioConfig,
  scenarioFunction,
  scenarioMinutes,
  startOfMinute,
  type ScenarioFile,
} from "./scenario.ts";
import {
  asLambdaTask,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LocalStepFunctions,
  serveStepFunctions,
  type StepFunctionsEndpoint,
} from "./stepfunctions/index.ts";
import { summarize, type AliasReport, type FinishedExecution, type Summary } from "./summary.ts";
import type { Timeline } from "./timeline.ts";
import { MetricPublisher } from "./publisher.ts";
import { publishTraffic } from "./traffic.ts";
import { ExecutionWatcher } from "./watch.ts";

export interface SandboxOptions {
  /** A ripcord-scenario/1 file; the built-in demo without it. */
  scenario?: string;
  /** A running moto to use (fresh for a replay) instead of starting one. */
  endpoint?: string;
  /** Milliseconds each Wait state of the state machine really waits here. */
  waitMs: number;
  timeline: Timeline;
  /** The signal source to watch with: the demo's (url unless set), or a replay's (overriding the file's `signal`). */
  signal?: SignalSource;
  /** Which release's code each Lambda version of the demo runs (its own number unless set): a test's healthy release 3 runs release 2's. */
  demoCode?: (version: string) => string;
}

export interface Sandbox {
  summary: Summary;
  /** The local AWS endpoint (moto). */
  endpoint: string;
  /** The local Step Functions endpoint. */
  stepFunctionsEndpoint: string;
  /** Stops the Step Functions endpoint and the moto this run started (a given --endpoint is left running). */
  close(): Promise<void>;
}

/** How far before the wall clock a replay's "now" starts (more than the longest publication delay). */
const REPLAY_LEAD_MS = 3 * 60_000;

const TRIGGER_ARN = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${NAMES.functionPrefix}-trigger`;

/** What the trigger handler returns (core's TriggerResult), read back across the Lambda JSON boundary. */
const TriggerResult = z.union([
  z.looseObject({
    started: z.literal(true),
    executionArn: z.string(),
    name: z.string(),
    duplicate: z.boolean(),
  }),
  z.looseObject({ started: z.literal(false), ignored: z.string() }),
]);

async function readAliases(config: RipcordConfig, before?: AliasReport[]): Promise<AliasReport[]> {
  const functions = Object.values(config.services).flatMap((service) => service.functions);
  return Promise.all(
    functions.map(async (fn) => {
      const { version, weights } = await Lambda.getAlias(fn.name, fn.alias);
      const now = { version, weights };
      const earlier =
        before?.find((b) => b.function === fn.name && b.name === fn.alias)?.before ?? now;
      return { function: fn.name, name: fn.alias, before: earlier, after: now };
    }),
  );
}

interface Fired {
  executionArn?: string;
  handedAt: number;
  startedAt: number;
}

/** Hands one alarm's state change to the real trigger handler as EventBridge would. */
async function fire(check: AlarmCheck, now: string, timeline: Timeline): Promise<Fired> {
  const previous = await currentState(check.spec.name);
  await recordState(check);
  const event = alarmStateChangeEvent(check, now, previous);
  const handedAt = Date.now();
  const result = TriggerResult.parse(await asLambdaTask(TRIGGER_ARN, trigger)(event));
  const startedAt = Date.now();
  if (result.started) {
    timeline.line(
      "trigger",
      `${result.duplicate ? "duplicate delivery: execution already exists" : "started execution"} ${result.name}`,
    );
    return { executionArn: result.executionArn, handedAt, startedAt };
  }
  timeline.line("trigger", `ignored the event: ${result.ignored}`);
  return { handedAt, startedAt };
}

interface Stage {
  scenario: ScenarioFile;
  demo: boolean;
  /** The service's signal source: --signal, else the file's, else the demo's url or a file's lambda. */
  signal: SignalSource;
  /** The replay's "now": its rows end here (the start of the current minute). */
  now: string;
  /** The sandbox's own time, starting at "now". */
  clock: SimulatedClock;
}

/**
 * One sandbox run: a local AWS, Ripcord and the watched service deployed into it, the scenario's
 * (or the demo's) traffic published with CloudWatch's delays on the sandbox's clock, the alarms
 * evaluated from the metrics read back at the first tick at which they are all visible, the
 * trigger and the state machine run with the real handlers (its Waits move the clock), the
 * aliases read back.
 */
export async function runSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { timeline } = options;
  const began = Date.now();
  const file = options.scenario === undefined ? undefined : await readScenario(options.scenario);

  let moto: MotoServer | undefined;
  let endpoint = options.endpoint;
  if (endpoint === undefined) {
    timeline.line("moto", "starting python3 -m moto.server on a free 127.0.0.1 port...");
    moto = await startMoto();
    endpoint = moto.endpoint;
    timeline.line("moto", `local AWS ready at ${endpoint}`);
  } else {
    timeline.line("moto", `using the local AWS at ${endpoint} (its state is left in place)`);
  }
  const sfn = new LocalStepFunctions();
  let stepFunctions: StepFunctionsEndpoint | undefined;
  const close = async (): Promise<void> => {
    await stepFunctions?.close();
    await moto?.stop();
  };
  try {
    stepFunctions = await serveStepFunctions(sfn);
    useLocalAws(endpoint, stepFunctions.url);
    timeline.line("sfn", `local Step Functions at ${stepFunctions.url}`);
    // The replay's alarm is evaluated a couple of minutes after "now" (its rows' publication
    // delay), on the simulated clock; steps stamp their progress with the wall clock. Starting
    // three minutes back keeps that evaluation in the past, so the history reads release, alarm,
    // shift in that order.
    const now = startOfMinute(new Date(Date.now() - REPLAY_LEAD_MS));
    const stage: Stage = {
      scenario: file ?? demoScenario(),
      demo: file === undefined,
      signal: options.signal ?? file?.signal ?? (file ? "lambda" : DEMO.signal),
      now,
      clock: new SimulatedClock(Date.parse(now)),
    };
    const { summary, watcher } = await play(stage, { ...options, endpoint }, sfn, began);
    return {
      summary,
      endpoint,
      stepFunctionsEndpoint: stepFunctions.url,
      close: async () => {
        watcher.dispose();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Deploys, plays the traffic, fires the alarms and summarizes; the watcher keeps following executions (those started over the API too) until closed. */
async function play(
  stage: Stage,
  options: SandboxOptions & { endpoint: string },
  sfn: LocalStepFunctions,
  began: number,
): Promise<{ summary: Summary; watcher: ExecutionWatcher }> {
  const { scenario, now, demo, clock, signal } = stage;
  const { timeline } = options;
  timeline.line("scenario", `${scenario.name}: ${scenario.description ?? ""}`.trim(), [
    `now ${now}: the ${demo ? "history" : "rows"} end${demo ? "s" : ""} here; the sandbox's clock starts here`,
    `signal ${signal}: ${SOURCES[signal].namespace} ${SOURCES[signal].metrics.errors} / ${SOURCES[signal].metrics.requests}${options.signal ? " (--signal)" : ""}`,
  ]);

  const deployStart = Date.now();
  await assertFresh(scenario.function, options.endpoint);
  const distributionId = await Provision.createDistribution(
    `ripcord-local-${scenario.function}-${Date.parse(now)}`,
  );
  const config = scenarioConfig(scenario, {
    distributionId,
    signal,
    ...(demo && { confirmAfterSeconds: DEMO.confirmAfterSeconds }),
    ...(demo && signal === "emf" && { periodSeconds: DEMO.emfPeriodSeconds }),
  });
  const publishers: Publishers = {
    lambda: new MetricPublisher(clock, "lambda"),
    url: new MetricPublisher(clock, "url"),
    emf: new MetricPublisher(clock, "emf"),
  };
  const publisher = publishers[signal];
  const deployment = await deployRipcord(config, sfn, { waitMs: options.waitMs, clock });
  useRipcordEnvironment({
    config,
    topicArn: deployment.topicArn,
    stateMachineArn: deployment.stateMachineArn,
  });
  timeline.line("deploy", "Ripcord", [
    `table ${NAMES.table}, role ${NAMES.functionsRole}, topic ${deployment.topicArn}`,
    `alarms ${deployment.alarms.map((a) => a.name).join(", ")}`,
    `state machine ${deployment.stateMachineArn}`,
  ]);
  const fn = scenarioFunction(scenario, now, config);
  const { versions, ledger } = await deployFunction(fn, now);
  const routing = finalRouting(scenario);
  const weights = Object.entries(routing.weights)
    .map(([v, w]) => ` + ${v} at ${Math.round(w * 100)}%`)
    .join("");
  timeline.line("deploy", `service ${Object.keys(config.services).join(", ")}`, [
    `${fn.name}: versions ${versions[0]}-${versions.at(-1)}, alias ${fn.alias} -> ${routing.version}${weights}`,
    `CloudFront distribution ${distributionId}`,
    `ledger: ${ledger.map((r) => `${r.version}${r.knownGoodAt ? " (known-good)" : ""}`).join(" -> ")}`,
  ]);
  const deployMs = Date.now() - deployStart;

  const trafficStart = Date.now();
  const player = demo
    ? await playDemoHistory({ scenario, now, publishers, signal, timeline, code: options.demoCode })
    : undefined;
  if (!demo) {
    const minutes = scenarioMinutes(scenario, now);
    await publishTraffic(fn.name, fn.alias, minutes, {
      publisher,
      signal,
      onProgress: (done, total) => timeline.progress("traffic", done, total, "minutes published"),
    });
  }
  const trafficMs = Date.now() - trafficStart;

  // scenarios/labelled/README.md "Time": the alarm is evaluated at the first evaluation tick at
  // which every row is visible, so it judges the same rows; only the clock moved.
  const periodSeconds = Math.max(...deployment.alarms.map((spec) => spec.periodSeconds));
  const tick = evaluationTick(publisher.lastVisibleAt() ?? clock.now(), periodSeconds);
  // The demo's world goes on: requests keep coming as the clock moves (to the tick, through the
  // state machine's Waits), routed as the alias stands then, until Confirm has read the traffic
  // after the shift; runs started later over the API get no invented traffic beyond that.
  const watchUntil = demo ? tick + DEMO.watchSeconds * 1000 : tick;
  const liveUntil = watchUntil + (DEMO.confirmAfterSeconds + 60) * 1000;
  player?.playLive(clock, Date.parse(now), liveUntil, () => aliasRouting(fn.name, fn.alias));
  const checks = await watchAlarms(deployment.alarms, clock, {
    from: tick,
    until: watchUntil,
    delayMs: publisher.delayMs,
  });
  const alarmAt = clock.iso();
  const evaluations = (clock.now() - tick) / (evaluationIntervalSeconds(periodSeconds) * 1000) + 1;
  timeline.line(
    "clock",
    `${alarmAt}: alarms evaluated, ${demo ? `from the first tick with every request before ${now} published, each ${evaluationIntervalSeconds(periodSeconds)} s as CloudWatch does while requests go on (${evaluations} evaluation${evaluations === 1 ? "" : "s"})` : "at the first tick with every row published"}`,
    [
      `${SOURCES[signal].namespace} ${SOURCES[signal].metrics.requests} is published ${publisher.delayMs / 1000} s after ${signal === "emf" ? "the request" : "its minute ends"}, on the sandbox's clock`,
    ],
  );
  const before = await readAliases(config);
  const watcher = new ExecutionWatcher(
    sfn,
    timeline,
    deployment.definition,
    deployment.steps,
    options.waitMs,
  );
  const runs: FinishedExecution[] = [];
  for (const check of checks)
    timeline.line(
      check.evaluation.state === "ALARM" ? "alarm fired" : "alarm",
      describeCheck(check),
    );
  const note =
    player &&
    unseenFailures(
      player,
      signal,
      finalRouting(scenario).version,
      scenario.thresholds.errorRatePercent,
    );
  if (!checks.some((check) => check.evaluation.state === "ALARM"))
    timeline.line("alarm", "no alarm fired: nothing for Ripcord to do", note ? [note] : []);
  try {
    // One alarm after the other: a second alarm's run starts once the first has ended (and meets its cooldown),
    // which keeps the timeline readable; on AWS the two events could also overlap and meet the lock instead.
    for (const check of checks) {
      if (check.evaluation.state !== "ALARM") {
        await recordState(check);
        continue;
      }
      const fired = await fire(check, alarmAt, timeline);
      if (fired.executionArn) runs.push(await finish(sfn, watcher, fired.executionArn, fired));
    }
  } catch (error) {
    watcher.dispose();
    throw error;
  }
  if (player)
    timeline.line(
      "traffic",
      `requests from ${now} on, played as the clock moved, each to the version the alias routed it to then`,
      describeTotals(player.liveTotals),
    );
  const aliases = await readAliases(config, before);
  const summary = summarize({
    scenario,
    checks,
    runs,
    aliases,
    timings: { deployMs, trafficMs, totalMs: Date.now() - began },
    now: alarmAt,
    endpoint: options.endpoint,
    signal,
    ...(note && { note }),
  });
  return { summary, watcher };
}

async function finish(
  sfn: LocalStepFunctions,
  watcher: ExecutionWatcher,
  arn: string,
  fired: Fired,
): Promise<FinishedExecution> {
  const execution = await sfn.finished(arn);
  const latest = watcher.latest(arn);
  return {
    execution,
    state: latest.state,
    raw: latest.raw,
    alarmHandedAt: fired.handedAt,
    startedAt: fired.startedAt,
    ...(latest.decidedAt !== undefined && { decidedAt: latest.decidedAt }),
  };
}
