import { StateMachine } from "aws-local-stepfunctions";
import * as Rollback from "@ripcord/core/rollback";
import { Store } from "@ripcord/core/aws";
import {
  STEP_FUNCTIONS,
  byStep,
  definition,
  type StepArns,
  type StepFunction,
} from "@ripcord/core/workflow";
import type { ExecutionInput } from "@ripcord/core/workflow";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import {
  allStates,
  isDefinition,
  taskHandlersByState,
} from "@ripcord/local/stepfunctions/definition-walk";
import { installPromiseWithResolvers } from "@ripcord/local/stepfunctions/polyfill";
import { asLambdaTask, type LambdaHandler } from "@ripcord/local/stepfunctions/index";
import { unique } from "../../support/unique.ts";
import { specOf, type ServiceFixture } from "./service.ts";

installPromiseWithResolvers();

export type StepOverrides = Partial<Record<StepFunction, LambdaHandler>>;

export const STEP_ARNS: StepArns = byStep(
  (step) => `arn:aws:lambda:us-east-1:123456789012:function:ripcord-rel-${step}`,
);

const ASL = definition(STEP_ARNS);
if (!isDefinition(ASL)) throw new Error("core's definition() returned no StartAt/States");
const MACHINE_DEFINITION = ASL;

/** Every Wait and every Retry interval at 0 ms: the states, retries and catches are AWS's; only the clock is short. */
function zeroWaits(type: "Wait" | "Task"): Record<string, number> {
  return Object.fromEntries(
    allStates(ASL)
      .filter(([, state]) => state.Type === type)
      .map(([name]) => [name, 0]),
  );
}

export interface WorkflowRun {
  status: "SUCCEEDED" | "FAILED";
  error?: string;
  state: Rollback.RollbackState;
  /** States the engine ran again under their Retry, one entry per retry. */
  retried: string[];
}

/**
 * The real definition run by aws-local-stepfunctions, each task the real handler behind the
 * Lambda JSON boundary (or an override, for a crash or a world that moves mid-run).
 */
export async function runWorkflow(
  input: ExecutionInput,
  overrides: StepOverrides = {},
): Promise<WorkflowRun> {
  const tasks = new Map(
    STEP_FUNCTIONS.map((step) => [
      STEP_ARNS[step],
      asLambdaTask(STEP_ARNS[step], overrides[step] ?? STEP_HANDLERS[step]),
    ]),
  );
  const machine = new StateMachine(MACHINE_DEFINITION);
  let last: unknown = input;
  const track = new Map(
    Object.entries(taskHandlersByState(ASL, tasks)).map(([name, handler]) => [
      name,
      async (taskInput: unknown) => {
        last = taskInput;
        return handler(taskInput);
      },
    ]),
  );
  const run = machine.run(JSON.parse(JSON.stringify(input)), {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(track),
      waitTimeOverrides: zeroWaits("Wait"),
      retryIntervalOverrides: zeroWaits("Task"),
    },
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:123456789012:execution:ripcord-rel:${input.id}`,
        Name: input.id,
      },
    },
  });
  const retried: string[] = [];
  const events = (async () => {
    for await (const event of run.eventLogs)
      if (event.type === "StateRetried") retried.push(event.state.name);
  })();
  try {
    const output = await run.result;
    await events;
    return { status: "SUCCEEDED", state: Rollback.RollbackState.parse(output), retried };
  } catch (error) {
    await events;
    // A failed run has no output: the state HandleFailure (the last task) received is its record.
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.name : "States.Runtime";
    const state = Rollback.RollbackState.safeParse(last);
    return {
      status: "FAILED",
      error: cause,
      state: state.success ? state.data : Rollback.RollbackState.parse(input),
      retried,
    };
  }
}

/** The execution input the trigger would build for an alarm of the fixture (the first function's error-rate alarm by default). */
export function alarmInput(
  fixture: ServiceFixture,
  kind: "errorRate" | "latency" = "errorRate",
  fn = fixture.functions[0],
): ExecutionInput {
  const spec = specOf(fixture, kind, fn);
  return {
    id: unique("exec"),
    service: fixture.service,
    now: fixture.now,
    source: "alarm",
    alarm: { name: spec.name, kind, function: spec.function, stateChangeTime: fixture.now },
    dryRun: false,
  };
}

/** The history record of a run and the service's lock, cooldown and freeze as they stand. */
export async function afterRun(fixture: ServiceFixture, id: string) {
  const [{ record, steps }, service] = await Promise.all([
    Store.getRollback(id),
    Store.getServiceState(fixture.service),
  ]);
  return { record, steps, service };
}
