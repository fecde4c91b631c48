import * as z from "zod";
import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch, Lambda, Store } from "@ripcord/core/aws";
import type { RipcordConfig } from "@ripcord/core/config";
import { EnvironmentError, NotFoundError } from "@ripcord/core/errors";
import type { Ledger } from "@ripcord/core/release";
import * as Rollback from "@ripcord/core/rollback";
import * as Workflow from "@ripcord/core/workflow";
import { LOCAL_LATENCY_STATISTIC, NAMES, watchedTags } from "./environment.ts";
import { STEP_HANDLERS } from "./handlers.ts";
import type { AliasMove } from "./history.ts";
import { runAs } from "./identity.ts";
import * as Provision from "./provision.ts";
import {
  asLambdaTask,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type LocalStepFunctions,
  type TaskHandler,
  type WaitClock,
} from "./stepfunctions/index.ts";

export interface RipcordDeployment {
  topicArn: string;
  stateMachineArn: string;
  /** The ASL that runs, exactly as infra would deploy it. */
  definition: Workflow.StateMachineDefinition;
  /** Task state name -> step, to tell which step a state's events belong to. */
  steps: Record<string, Workflow.StepFunction>;
  alarms: Alarms.AlarmSpec[];
}

export interface RipcordDeployOptions {
  /** Milliseconds each Wait state really waits locally (AWS would wait its Seconds). */
  waitMs: number;
  /** The sandbox's clock, which each Wait state moves on by its seconds. */
  clock?: WaitClock;
}

/** ARN a step's function would have on AWS; the definition names its tasks by these. */
function stepArn(step: Workflow.StepFunction): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${NAMES.functionPrefix}-${Workflow.handlerFile(step)}`;
}

/** Every step's ARN, as infra would name the functions for this stage. */
export function stepArns(): Workflow.StepArns {
  return Workflow.byStep(stepArn);
}

function stepTasks(arns: Workflow.StepArns): Map<string, TaskHandler> {
  return new Map(
    Workflow.STEP_FUNCTIONS.map((step): [string, TaskHandler] => [
      arns[step],
      asLambdaTask(arns[step], STEP_HANDLERS[step]),
    ]),
  );
}

/**
 * What infra deploys to AWS, into the local endpoint: the table, the functions' role, the
 * notification topic, one error-rate and one latency alarm per watched alias (core's specs, with
 * the Maximum statistic moto can compute), and the state machine from core's definition, run by
 * the local Step Functions with each task mapped to its real handler.
 */
export async function deployRipcord(
  config: RipcordConfig,
  sfn: LocalStepFunctions,
  options: RipcordDeployOptions,
): Promise<RipcordDeployment> {
  await createFreshTable();
  await Provision.ensureLambdaRole(NAMES.functionsRole);
  const topicArn = await Provision.createTopic(NAMES.topic);
  const alarms = Alarms.specs(config, {
    prefix: NAMES.alarmPrefix,
    latencyStatistic: LOCAL_LATENCY_STATISTIC,
  });
  for (const spec of alarms) await CloudWatch.putMetricAlarm(spec);

  const arns = stepArns();
  const definition = Workflow.definition(arns);
  const stateMachineArn = sfn.createStateMachine({
    name: NAMES.stateMachine,
    definition,
    tasks: stepTasks(arns),
    waitMs: options.waitMs,
    ...(options.clock && { clock: options.clock }),
  });
  return {
    topicArn,
    stateMachineArn,
    definition,
    steps: Workflow.taskSteps(arns, definition),
    alarms,
  };
}

/** What the SDK error behind core's typed error says when the table is there already. */
const TableExists = z.looseObject({ name: z.literal("ResourceInUseException") });

async function createFreshTable(): Promise<void> {
  try {
    await Provision.createTable(NAMES.table);
  } catch (error) {
    if (error instanceof Error && TableExists.safeParse(error.cause).success) {
      throw new EnvironmentError(
        `the endpoint already has Ripcord's table ${NAMES.table} from an earlier run: --endpoint needs a fresh moto server`,
        { cause: error },
      );
    }
    throw error;
  }
}

export interface ServiceFunction {
  /** The service it belongs to (its ripcord:service tag). */
  service: string;
  name: string;
  alias: string;
  /** Versions 1..highestVersion are published. */
  highestVersion: number;
  /** Where its team moved the alias, oldest first; the last is where it stands. */
  moves: AliasMove[];
  /** Its service's policy.stabilityWindowMinutes. */
  stabilityWindowMinutes: number;
}

/** Refuses an endpoint that already has the function: a replay on top of older state would prove nothing. */
export async function assertFresh(fn: string, endpoint: string): Promise<void> {
  try {
    // GetFunctionConfiguration, not ListVersionsByFunction: moto lists no versions for a missing function instead of failing.
    await Lambda.getVersion(fn, "$LATEST");
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
  throw new EnvironmentError(
    `function ${fn} already exists at ${endpoint}: --endpoint needs a fresh moto server for a replay (restart it, or reset it with POST ${endpoint}/moto-api/reset)`,
  );
}

/**
 * The watched function as its team deployed it: versions published one by one, then the alias moved
 * as its history says. Ripcord's reconciler (core's, as the reconciler's role) observes the alias
 * after each move at that move's time, and once more at `now`: the ledger is built and its
 * known-good marks decided by the same code as in production, never written here.
 */
export async function deployFunction(
  fn: ServiceFunction,
  now: string,
): Promise<{ versions: string[]; ledger: Ledger }> {
  const roleArn = await Provision.ensureLambdaRole(NAMES.serviceRole);
  const versions = await Provision.createFunctionWithVersions(
    fn.name,
    roleArn,
    fn.highestVersion,
    watchedTags(fn.service),
  );
  const observe = (at: string) =>
    runAs("reconciler", () =>
      Rollback.reconcileAlias(fn.service, fn.name, fn.alias, at, fn.stabilityWindowMinutes),
    );
  for (const move of fn.moves) {
    await Provision.putAlias(fn.name, fn.alias, move.routing.version, move.routing.weights);
    await observe(move.at);
  }
  await observe(now);
  const { releases } = await Store.loadLedger(fn.name, fn.alias);
  return { versions, ledger: releases };
}
