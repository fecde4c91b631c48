import { PRE_SHIFT_STEPS, definition, byStep } from "@ripcord/core/workflow";

/*
 * Ripcord's own share on AWS, alarm -> alias restored, from a stated model: AWS publishes no
 * latency figure for any of these, so each constant is an assumption, chosen on the slow side, and
 * kept here in one place. The counts come from the code: the sequential AWS round trips before the
 * shift from the bench's time-to-restore run, the states on the path from core's own state machine.
 */

export const PIPELINE_MODEL = {
  /** CloudWatch -> EventBridge rule -> the trigger's invoke (AWS documents no figure; assumed). */
  eventDeliverySeconds: 1,
  /** One sequential in-region AWS API round trip, SDK included (assumed; the local bench measures moto's). */
  perCallSeconds: 0.05,
  /** One Standard workflow state: the transition plus, for a Task, the Lambda invoke (assumed). */
  perStateSeconds: 0.1,
  /** A cold start of a small Node.js handler, init included (assumed; AWS's guidance spans under 100 ms to over 1 s). */
  coldStartSeconds: 1,
} as const;

/** The trigger runs on EventBridge's invoke; the reconciler's warm-up pings only the steps on the path (PRE_SHIFT_STEPS). */
export const COLD_ON_PATH = ["trigger"] as const;

/**
 * The states a run enters from StartAt up to and including the Shift task, on its shortest path in
 * core's definition (a Parallel counts as itself plus its longest branch up to its end).
 */
export function statesToShift(): number {
  const machine = definition(
    byStep((step) => `arn:aws:lambda:us-east-1:000000000000:function:${step}`),
  );
  const shiftArn = "arn:aws:lambda:us-east-1:000000000000:function:shift";
  return shortestTo(machine.States, machine.StartAt, (state) => state.Resource === shiftArn);
}

type State = Record<string, unknown>;
export type States = Record<string, State>;

function isRecord(value: unknown): value is State {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nextOf(state: State): string[] {
  const choices = Array.isArray(state.Choices) ? state.Choices.filter(isRecord) : [];
  return [state.Next, state.Default, ...choices.map((choice) => choice.Next)].filter(
    (next): next is string => typeof next === "string",
  );
}

/** The states a Parallel adds: its longest branch from start to end. */
function branchLength(state: State): number {
  const branches = Array.isArray(state.Branches) ? state.Branches.filter(isRecord) : [];
  return Math.max(
    0,
    ...branches.map((branch) => {
      const states = isRecord(branch.States) ? branch.States : {};
      const own: States = Object.fromEntries(
        Object.entries(states).filter((entry): entry is [string, State] => isRecord(entry[1])),
      );
      if (typeof branch.StartAt !== "string")
        throw new RangeError("a Parallel branch has no StartAt");
      return shortestTo(own, branch.StartAt, (s) => s.End === true || s.Type === "Succeed");
    }),
  );
}

/** Breadth-first from `start`: the number of states entered until one that `isGoal` accepts, itself included. */
export function shortestTo(
  states: States,
  start: string,
  isGoal: (state: State) => boolean,
): number {
  const queue: Array<[string, number]> = [[start, 0]];
  const seen = new Set<string>();
  for (let item = queue.shift(); item; item = queue.shift()) {
    const [name, before] = item;
    const state = states[name];
    if (!state || seen.has(name)) continue;
    seen.add(name);
    const entered = before + 1 + branchLength(state);
    if (isGoal(state)) return entered;
    for (const next of nextOf(state)) queue.push([next, entered]);
  }
  throw new RangeError(`no path from ${start} reaches the goal state`);
}

export interface PipelineBreakdown {
  eventDeliverySeconds: number;
  coldStarts: string[];
  coldStartSeconds: number;
  /** Sequential AWS round trips: those before the shift (bench timeToRestore.callsBeforeShift) plus UpdateAlias. */
  sequentialCalls: number;
  callSeconds: number;
  statesToShift: number;
  stateSeconds: number;
  /** Steps the reconciler keeps warm (no cold start on the path). */
  keptWarm: string[];
  totalSeconds: number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** Alarm -> alias restored on AWS under PIPELINE_MODEL, for `callsBeforeShift` round trips before UpdateAlias. */
export function pipelineSeconds(
  callsBeforeShift: number,
  states = statesToShift(),
): PipelineBreakdown {
  const m = PIPELINE_MODEL;
  const sequentialCalls = callsBeforeShift + 1;
  const parts = {
    eventDeliverySeconds: m.eventDeliverySeconds,
    coldStartSeconds: COLD_ON_PATH.length * m.coldStartSeconds,
    callSeconds: round(sequentialCalls * m.perCallSeconds),
    stateSeconds: round(states * m.perStateSeconds),
  };
  return {
    eventDeliverySeconds: parts.eventDeliverySeconds,
    coldStarts: [...COLD_ON_PATH],
    coldStartSeconds: parts.coldStartSeconds,
    sequentialCalls,
    callSeconds: parts.callSeconds,
    statesToShift: states,
    stateSeconds: parts.stateSeconds,
    keptWarm: [...PRE_SHIFT_STEPS],
    totalSeconds: round(
      parts.eventDeliverySeconds + parts.coldStartSeconds + parts.callSeconds + parts.stateSeconds,
    ),
  };
}
