import { randomUUID } from "node:crypto";
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
} from "aws-local-stepfunctions";
import { InputError } from "@ripcord/core/errors";
import { ApiError } from "./errors.ts";
import {
  allStates,
  isDefinition,
  taskHandlersByState,
  waitSeconds,
  waitStateNames,
  type StateNode,
} from "./definition-walk.ts";
import type { JsonValue, TaskHandler } from "./lambda-task.ts";
import {
  checkExecutionArn,
  checkExecutionName,
  checkStateMachineArn,
  executionArn,
  stateMachineArn,
} from "./names.ts";
import { installPromiseWithResolvers } from "./polyfill.ts";

installPromiseWithResolvers();

export type EventLog =
  ReturnType<StateMachine["run"]>["eventLogs"] extends AsyncGenerator<infer E> ? E : never;
export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input exactly as StartExecution received it (AWS compares it verbatim for idempotency). */
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** The engine's event log so far: states entered and exited with their inputs and outputs. */
  events: EventLog[];
}

export interface MachineSpec {
  name: string;
  definition: unknown;
  /** Handler per Task resource (the function ARN the definition names). */
  tasks: ReadonlyMap<string, TaskHandler>;
  /** Milliseconds every Wait state really waits here (AWS would wait its Seconds); 0 by default. */
  waitMs?: number;
  /** The sandbox's clock: each Wait state moves it on by the Wait's own seconds (docs/design.md "The local sandbox"). */
  clock?: WaitClock;
}

/** What a Wait state needs of the sandbox's clock (SimulatedClock). */
export interface WaitClock {
  /** Moves the clock on by `ms`, without waiting for it. */
  advanceLater(ms: number): void;
  /** Resolves once the moves asked for so far are done. */
  settled(): Promise<void>;
}

interface Machine {
  arn: string;
  name: string;
  engine: StateMachine;
  handlers: Record<string, TaskHandler>;
  waitMs: Record<string, number>;
  /** Wait states by name, for their seconds. */
  waits: Map<string, StateNode>;
  clock?: WaitClock;
}

interface Running {
  execution: Execution;
  abort: () => void;
  finished: Promise<void>;
}

export type ExecutionListener = (execution: Execution, event: EventLog) => void;

const MAX_INPUT_BYTES = 262_144;

function checkInput(input: string): unknown {
  if (Buffer.byteLength(input) > MAX_INPUT_BYTES)
    throw new ApiError("InvalidExecutionInput", "Execution input exceeds 256 KiB");
  try {
    return JSON.parse(input);
  } catch {
    throw new ApiError(
      "InvalidExecutionInput",
      `Invalid State Machine Execution Input: '${input.slice(0, 200)}'`,
    );
  }
}

/**
 * Step Functions as the sandbox needs it: state machines run in-process by aws-local-stepfunctions,
 * executions kept with AWS's naming rules so the real trigger's idempotent start behaves as on AWS.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, Machine>();
  private readonly executions = new Map<string, Running>();
  private readonly listeners = new Set<ExecutionListener>();

  createStateMachine(spec: MachineSpec): string {
    if (!isDefinition(spec.definition))
      throw new InputError(`state machine "${spec.name}" has no StartAt/States`);
    const waitMs = Object.fromEntries(
      waitStateNames(spec.definition).map((name) => [name, spec.waitMs ?? 0]),
    );
    const arn = stateMachineArn(spec.name);
    const handlers = taskHandlersByState(spec.definition, spec.tasks);
    const clock = spec.clock;
    this.machines.set(arn, {
      arn,
      name: spec.name,
      engine: new StateMachine(spec.definition),
      handlers: clock ? afterWaits(handlers, clock) : handlers,
      waitMs,
      waits: new Map(allStates(spec.definition).filter(([, state]) => state.Type === "Wait")),
      ...(clock && { clock }),
    });
    return arn;
  }

  start(request: { stateMachineArn: string; name?: string; input?: string }): Execution {
    checkStateMachineArn(request.stateMachineArn);
    const machine = this.machines.get(request.stateMachineArn);
    if (!machine)
      throw new ApiError(
        "StateMachineDoesNotExist",
        `State Machine Does Not Exist: '${request.stateMachineArn}'`,
      );
    const name = request.name ?? randomUUID();
    checkExecutionName(name);
    const input = request.input ?? "{}";
    const parsedInput = checkInput(input);
    const arn = executionArn(machine.arn, name);
    const existing = this.executions.get(arn)?.execution;
    if (existing) {
      // AWS: same name and same input while running is the same start (idempotent); anything else is refused.
      if (existing.status === "RUNNING" && existing.input === input) return existing;
      throw new ApiError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`);
    }
    const execution: Execution = {
      executionArn: arn,
      stateMachineArn: machine.arn,
      name,
      input,
      status: "RUNNING",
      startDate: new Date(),
      events: [],
    };
    this.executions.set(arn, this.run(machine, execution, parsedInput));
    return execution;
  }

  describe(arn: string): Execution {
    return this.running(arn).execution;
  }

  /** Newest first, like ListExecutions. */
  list(machineArn: string, status?: ExecutionStatus): Execution[] {
    checkStateMachineArn(machineArn);
    if (!this.machines.has(machineArn))
      throw new ApiError(
        "StateMachineDoesNotExist",
        `State Machine Does Not Exist: '${machineArn}'`,
      );
    return [...this.executions.values()]
      .map((r) => r.execution)
      .filter(
        (e) => e.stateMachineArn === machineArn && (status === undefined || e.status === status),
      )
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  stop(arn: string, error?: string, cause?: string): Execution {
    const { execution, abort } = this.running(arn);
    if (execution.status !== "RUNNING") return execution;
    execution.status = "ABORTED";
    execution.stopDate = new Date();
    if (error !== undefined) execution.error = error;
    if (cause !== undefined) execution.cause = cause;
    abort();
    return execution;
  }

  /** Resolves when the execution has stopped and its whole event log is recorded. */
  async finished(arn: string): Promise<Execution> {
    const running = this.running(arn);
    await running.finished;
    return running.execution;
  }

  /** Every event of every execution as it happens; returns the unsubscribe function. */
  onEvent(listener: ExecutionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private running(arn: string): Running {
    checkExecutionArn(arn);
    const running = this.executions.get(arn);
    if (!running) throw new ApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`);
    return running;
  }

  private run(machine: Machine, execution: Execution, input: unknown): Running {
    const run = machine.engine.run(JSON.parse(JSON.stringify(input)) as JsonValue, {
      overrides: { taskResourceLocalHandlers: machine.handlers, waitTimeOverrides: machine.waitMs },
      context: {
        Execution: { Id: execution.executionArn, Name: execution.name },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    const recorded = (async () => {
      for await (const event of run.eventLogs) {
        if (machine.clock && event.type === "StateEntered" && event.state.type === "Wait") {
          const seconds = waitSeconds(machine.waits.get(event.state.name), event.state.input);
          if (seconds !== undefined) machine.clock.advanceLater(seconds * 1000);
        }
        execution.events.push(event);
        for (const listener of this.listeners) listener(execution, event);
      }
    })();
    const settled = run.result.then(
      (output) => this.settle(execution, "SUCCEEDED", { output: JSON.stringify(output) }),
      (error: unknown) => this.settle(execution, ...failure(error)),
    );
    return {
      execution,
      abort: run.abort,
      finished: Promise.all([recorded, settled]).then(() => undefined),
    };
  }

  private settle(execution: Execution, status: ExecutionStatus, fields: Partial<Execution>): void {
    if (execution.status !== "RUNNING") return; // stopped by StopExecution first: keep its record
    Object.assign(execution, fields, { status, stopDate: new Date() });
  }
}

/**
 * Each task starts once the clock has moved past the Waits before it. The engine announces a Wait
 * (StateEntered, whose handling above asks the clock to move) in its event stream, which is read in
 * microtasks; a task first yields a whole turn of the event loop (setImmediate), by which every event
 * dispatched before it has been read, then waits for the clock.
 */
function afterWaits(
  handlers: Record<string, TaskHandler>,
  clock: WaitClock,
): Record<string, TaskHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, handler]): [string, TaskHandler] => [
      name,
      async (input) => {
        await new Promise((resolve) => setImmediate(resolve));
        await clock.settled();
        return handler(input);
      },
    ]),
  );
}

function failure(error: unknown): [ExecutionStatus, Partial<Execution>] {
  if (error instanceof ExecutionAbortedError) return ["ABORTED", {}];
  if (error instanceof ExecutionTimeoutError) return ["TIMED_OUT", { error: "States.Timeout" }];
  if (error instanceof ExecutionError && error.cause instanceof Error) {
    return ["FAILED", { error: error.cause.name, cause: error.cause.message }];
  }
  return [
    "FAILED",
    { error: "States.Runtime", cause: error instanceof Error ? error.message : String(error) },
  ];
}
