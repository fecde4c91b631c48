import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch } from "@ripcord/core/aws";
import { defineConfig, type RipcordConfig } from "@ripcord/core/config";
import * as Workflow from "@ripcord/core/workflow";
import { checkAlarm, recordState, type AlarmCheck } from "@ripcord/local/alarms";
import { stepArns } from "@ripcord/local/deploy";
import * as Provision from "@ripcord/local/provision";
import { NAMES, useLocalAws, useRipcordEnvironment } from "@ripcord/local/environment";
import { STEP_HANDLERS, trigger as triggerHandler } from "@ripcord/local/handlers";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import {
  asLambdaTask,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  LocalStepFunctions,
  serveStepFunctions,
  type StepFunctionsEndpoint,
  type TaskHandler,
} from "@ripcord/local/stepfunctions/index";
import { publishTraffic, type TrafficMinute } from "@ripcord/local/traffic";
import { startCountingProxy, type CountingProxy } from "./proxy.ts";

/*
 * The local AWS the restore figures are measured in: moto and the sandbox's Step Functions
 * endpoint behind the counting proxy, Ripcord's state machine from core's definition with every
 * task the real handler (timed), and services of 1, 10 and 50 functions whose alias serves a bad
 * release 2 after known-good release 1. Each function's alarm metrics are real datapoints in moto.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
export const GOOD_VERSION = "1";
export const BAD_VERSION = "2";
/** The release history every function shares: 1 for days, 2 since ten minutes ago. */
export const RELEASED_MINUTES_AGO = { [GOOD_VERSION]: 3 * 24 * 60, [BAD_VERSION]: 10 } as const;

export interface BenchService {
  name: string;
  /**
   * The service's own "now": the 1-function service's is the world's, each larger service's a day
   * earlier than the one before. moto's GetMetricData scans every datapoint of the account in the
   * query's range, for each query and period (moto/cloudwatch/models.py get_metric_data);
   * CloudWatch reads by metric. Apart in time, one service's Verify does not pay for the others'
   * datapoints, as on AWS.
   */
  now: string;
  functions: string[];
  alias: string;
  /** The firing alarm (the first function's error rate), evaluated from moto's metrics at "now". */
  check: AlarmCheck;
}

export interface StepSpan {
  step: string;
  start: number;
  end: number;
}

export interface BenchWorld {
  now: string;
  proxy: CountingProxy;
  sfn: LocalStepFunctions;
  stateMachineArn: string;
  /** A state machine that succeeds at once: the trigger's cold starts start executions of it, so no rollback runs beside them. */
  coldStateMachineArn: string;
  services: BenchService[];
  /** A function of its own whose alias the floor measurement moves back and forth. */
  floorFunction: string;
  /** Start and end (performance.now()) of every task handler run since the last clear. */
  steps: StepSpan[];
  /** The most recent input each step's handler received (cold-start runs replay them). */
  inputs: Map<string, unknown>;
  trigger: TaskHandler;
  topicArn: string;
  distributionId: string;
  config: RipcordConfig;
  close(): Promise<void>;
}

export const TRIGGER_ARN = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${NAMES.functionPrefix}-trigger`;

/** Each task is the real handler, timed from its input to its output. */
function timedTasks(
  arns: Workflow.StepArns,
  spans: StepSpan[],
  inputs: Map<string, unknown>,
): Map<string, TaskHandler> {
  return new Map(
    Workflow.STEP_FUNCTIONS.map((step): [string, TaskHandler] => {
      const task = asLambdaTask(arns[step], STEP_HANDLERS[step]);
      return [
        arns[step],
        async (input) => {
          inputs.set(step, input);
          const start = performance.now();
          try {
            return await task(input);
          } finally {
            spans.push({ step, start, end: performance.now() });
          }
        },
      ];
    }),
  );
}

/** Steady healthy traffic on 1 until 10 minutes ago, then 2 failing 15% of requests. */
function badReleaseTraffic(now: string): TrafficMinute[] {
  const nowMs = Date.parse(now);
  return Array.from({ length: 90 }, (_, i) => {
    const minutesAgo = 90 - i;
    const version = minutesAgo > RELEASED_MINUTES_AGO[BAD_VERSION] ? GOOD_VERSION : BAD_VERSION;
    const errors = version === BAD_VERSION ? 150 : 4;
    return {
      start: new Date(nowMs - minutesAgo * MINUTE_MS).toISOString(),
      byVersion: { [version]: { invocations: 1000, errors, latencyMs: 120 } },
    };
  });
}

function benchConfig(sizes: readonly number[], distributionId: string): RipcordConfig {
  return defineConfig({
    services: Object.fromEntries(
      sizes.map((size) => [
        `bench-${size}`,
        {
          signal: "lambda" as const,
          functions: Array.from({ length: size }, (_, i) => ({
            name: `bench-${size}-fn-${i + 1}`,
            alias: "production",
          })),
          cloudfront: { distributionId, paths: ["/*"] },
          policy: { confirmAfterSeconds: 0 },
        },
      ]),
    ),
  });
}

/** Runs `work` over `items`, at most `width` at a time (moto is one process; a flood only queues). */
export async function inBatches<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += width)
    await Promise.all(items.slice(i, i + width).map(work));
}

export async function createWorld(
  sizes: readonly number[],
  progress: (message: string) => void,
): Promise<BenchWorld> {
  let moto: MotoServer | undefined;
  let stepFunctions: StepFunctionsEndpoint | undefined;
  let proxy: CountingProxy | undefined;
  const close = async (): Promise<void> => {
    await proxy?.close();
    await stepFunctions?.close();
    await moto?.stop();
  };
  try {
    moto = await startMoto();
    const sfn = new LocalStepFunctions();
    stepFunctions = await serveStepFunctions(sfn);
    const upstreams = { moto: moto.endpoint, states: stepFunctions.url };
    proxy = await startCountingProxy((service) =>
      service === "states" ? upstreams.states : upstreams.moto,
    );
    useLocalAws(proxy.url, proxy.url);
    progress(
      `moto at ${moto.endpoint}, Step Functions at ${stepFunctions.url}, counting proxy at ${proxy.url}`,
    );

    const now = new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS).toISOString();
    const distributionId = await Provision.createDistribution(`ripcord-bench-${Date.parse(now)}`);
    const config = benchConfig(sizes, distributionId);
    const topicArn = await Provision.createTopic(NAMES.topic);
    const arns = stepArns();
    const steps: StepSpan[] = [];
    const inputs = new Map<string, unknown>();
    const stateMachineArn = sfn.createStateMachine({
      name: NAMES.stateMachine,
      definition: Workflow.definition(arns),
      tasks: timedTasks(arns, steps, inputs),
      waitMs: 0,
    });
    const coldStateMachineArn = sfn.createStateMachine({
      name: "ripcord-bench-cold-start",
      definition: { StartAt: "Done", States: { Done: { Type: "Succeed" } } },
      tasks: new Map(),
    });
    useRipcordEnvironment({ config, topicArn, stateMachineArn });

    const role = await Provision.ensureLambdaRole(NAMES.serviceRole);
    const specs = Alarms.specs(config, { prefix: NAMES.alarmPrefix, latencyStatistic: "Maximum" });
    const services: BenchService[] = [];
    for (const [index, [name, service]] of Object.entries(config.services).entries()) {
      const serviceNow = new Date(Date.parse(now) - index * DAY_MS).toISOString();
      const functions = service.functions.map((fn) => fn.name);
      const first = service.functions[0];
      if (!first) throw new RangeError(`service ${name} has no function`);
      progress(
        `deploying ${name}: ${functions.length} function(s) with versions ${GOOD_VERSION}-${BAD_VERSION}`,
      );
      await inBatches(functions, 8, async (fn) => {
        await Provision.createFunctionWithVersions(fn, role, Number(BAD_VERSION));
        await Provision.putAlias(fn, first.alias, BAD_VERSION);
      });
      await inBatches(
        specs.filter((spec) => spec.service === name),
        8,
        (spec) => CloudWatch.putMetricAlarm(spec),
      );
      const firing = specs.find(
        (spec) =>
          spec.service === name && spec.function === first.name && spec.kind === "errorRate",
      );
      if (!firing)
        throw new RangeError(`service ${name} has no error-rate alarm for ${first.name}`);
      await publishTraffic(first.name, first.alias, badReleaseTraffic(serviceNow));
      const check = await checkAlarm(firing, serviceNow);
      if (check.evaluation.state !== "ALARM")
        throw new RangeError(
          `${firing.name} evaluated ${check.evaluation.state} on the published metrics, not ALARM`,
        );
      await recordState(check);
      services.push({ name, now: serviceNow, functions, alias: first.alias, check });
    }
    const floorFunction = "bench-floor";
    await Provision.createFunctionWithVersions(floorFunction, role, Number(BAD_VERSION));
    await Provision.putAlias(floorFunction, "production", GOOD_VERSION);
    const trigger = asLambdaTask(TRIGGER_ARN, triggerHandler);
    return {
      now,
      proxy,
      sfn,
      stateMachineArn,
      coldStateMachineArn,
      services,
      floorFunction,
      steps,
      inputs,
      trigger,
      topicArn,
      distributionId,
      config,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
