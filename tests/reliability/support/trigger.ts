import * as z from "zod";
import { Clients } from "@ripcord/core/aws";
import { STEP_FUNCTIONS, definition } from "@ripcord/core/workflow";
import type * as Alarms from "@ripcord/core/alarms";
import {
  alarmStateChangeEvent,
  checkAlarm,
  currentState,
  recordState,
} from "@ripcord/local/alarms";
import { STEP_HANDLERS, trigger } from "@ripcord/local/handlers";
import {
  asLambdaTask,
  LocalStepFunctions,
  serveStepFunctions,
  type Execution,
} from "@ripcord/local/stepfunctions/index";
import { unique } from "../../support/unique.ts";
import { STEP_ARNS, type StepOverrides } from "./workflow.ts";

/*
 * The path an alarm takes on AWS: CloudWatch changes the alarm's state, EventBridge hands the
 * "CloudWatch Alarm State Change" event to the trigger Lambda, and the trigger starts the state
 * machine by name over the Step Functions API (here the sandbox's endpoint, with AWS's naming rules).
 */

const TRIGGER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ripcord-rel-trigger";

export const TriggerResult = z.union([
  z.looseObject({
    started: z.literal(true),
    executionArn: z.string(),
    name: z.string(),
    duplicate: z.boolean(),
  }),
  z.looseObject({ started: z.literal(false), ignored: z.string() }),
  // A watch-only service's alarm: notified by the trigger, no execution (and nothing ignored).
  z.looseObject({
    started: z.literal(false),
    watchOnly: z.literal(true),
    function: z.string(),
    ignored: z.undefined().optional(),
  }),
]);
export type TriggerResult = z.output<typeof TriggerResult>;

export interface StepFunctionsEndpoint {
  sfn: LocalStepFunctions;
  stateMachineArn: string;
  executions(): Execution[];
  /** Resolves when every execution started so far has ended. */
  settled(): Promise<Execution[]>;
  close(): Promise<void>;
}

/** The state machine behind the local Step Functions endpoint; sets AWS_ENDPOINT_URL_SFN and RIPCORD_STATE_MACHINE_ARN. */
export async function serveStateMachine(
  overrides: StepOverrides = {},
): Promise<StepFunctionsEndpoint> {
  const sfn = new LocalStepFunctions();
  const tasks = new Map(
    STEP_FUNCTIONS.map((step) => [
      STEP_ARNS[step],
      asLambdaTask(STEP_ARNS[step], overrides[step] ?? STEP_HANDLERS[step]),
    ]),
  );
  const stateMachineArn = sfn.createStateMachine({
    name: unique("ripcord-rel"),
    definition: definition(STEP_ARNS),
    tasks,
    waitMs: 0,
  });
  const endpoint = await serveStepFunctions(sfn);
  process.env.AWS_ENDPOINT_URL_SFN = endpoint.url;
  process.env.RIPCORD_STATE_MACHINE_ARN = stateMachineArn;
  Clients.resetClients();
  const executions = () => sfn.list(stateMachineArn);
  return {
    sfn,
    stateMachineArn,
    executions,
    settled: () => Promise.all(executions().map((e) => sfn.finished(e.executionArn))),
    close: async () => {
      await endpoint.close();
      delete process.env.AWS_ENDPOINT_URL_SFN;
      Clients.resetClients();
    },
  };
}

/**
 * What CloudWatch does when the alarm fires at `now`: evaluates it from the metrics in the endpoint,
 * records its new state, and emits the EventBridge event (the sandbox's own alarm evaluation).
 */
export async function alarmFires(
  spec: Alarms.AlarmSpec,
  now: string,
): Promise<Record<string, unknown>> {
  const check = await checkAlarm(spec, now);
  const previous = await currentState(spec.name);
  await recordState(check);
  return alarmStateChangeEvent(check, now, previous);
}

/** Hands an event to the real trigger handler as EventBridge would (JSON in, JSON out). */
export async function deliver(event: unknown): Promise<TriggerResult> {
  return TriggerResult.parse(await asLambdaTask(TRIGGER_ARN, trigger)(event));
}
