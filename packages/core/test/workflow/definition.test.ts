import validator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { isDefinition } from "@ripcord/local/stepfunctions/definition-walk";
import { installPromiseWithResolvers } from "@ripcord/local/stepfunctions/polyfill";
import {
  byStep,
  definition,
  RETRYABLE_ERRORS,
  STEP_FUNCTIONS,
  taskSteps,
  type StepArns,
  type StepFunction,
} from "@ripcord/core/workflow";

installPromiseWithResolvers();

const arns: StepArns = byStep(
  (step) => `arn:aws:lambda:eu-west-1:123456789012:function:ripcord-prod-${step}`,
);

type StateNode = {
  Type: string;
  Next?: string;
  Default?: string;
  Retry?: unknown[];
  Catch?: { Next: string }[];
  Choices?: { Next: string }[];
};

function states(): Record<string, StateNode> {
  const asl = definition(arns);
  return asl.States as Record<string, StateNode>;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * The task states the definition runs for an input, in order, each step answering what `results`
 * gives it (an empty result otherwise): the routing alone, run by the same engine as the sandbox.
 */
async function statesRun(
  input: Record<string, Json>,
  results: Partial<Record<StepFunction, Json>>,
): Promise<string[]> {
  const asl = definition(arns);
  const ran: string[] = [];
  const handlers = Object.fromEntries(
    Object.entries(taskSteps(arns, asl)).map(([state, step]) => [
      state,
      async () => {
        ran.push(state);
        return results[step] ?? {};
      },
    ]),
  );
  const waits = Object.fromEntries(
    Object.entries(states())
      .filter(([, s]) => s.Type === "Wait")
      .map(([name]) => [name, 0]),
  );
  if (!isDefinition(asl)) throw new Error("definition() returned no StartAt/States");
  const run = new StateMachine(asl).run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits },
  });
  await run.result;
  return ran;
}

describe("the state machine definition", () => {
  it("is valid Amazon States Language", () => {
    const result = validator(definition(arns));
    expect(result.errorsText()).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("retries throttling and service faults on every task", () => {
    const tasks = Object.entries(states()).filter(([, s]) => s.Type === "Task");
    expect(tasks.length).toBeGreaterThan(8);
    for (const [, state] of tasks) {
      expect(state.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: [...RETRYABLE_ERRORS] }),
      ]);
    }
  });

  it("catches a failure of every step before the shift into the failure path", () => {
    const all = states();
    for (const name of ["Resolve", "Lock", "Verify", "Shift", "Record"]) {
      expect(all[name]?.Catch?.map((c) => c.Next)).toEqual(["HandleFailure"]);
    }
  });

  it("puts nothing slow between the alarm and the shift", () => {
    // Walk the happy path from the start to Shift: only the four pre-shift tasks and Choices.
    const all = states();
    const visited: string[] = [];
    let name: string | undefined = "Resolve";
    while (name && name !== "Shift") {
      visited.push(name);
      const state: StateNode | undefined = all[name];
      name = state?.Type === "Choice" ? state.Choices?.[0]?.Next : state?.Next;
    }
    expect(name).toBe("Shift");
    expect(visited.filter((n) => all[n]?.Type !== "Choice")).toEqual(["Resolve", "Lock", "Verify"]);
  });

  it("holds an alarm's run with a notification, and a re-check's without one", async () => {
    // Prepare
    const hold = { lock: { acquired: true, owner: "run" }, verify: { action: "hold" } };

    // Act
    const alarm = await statesRun({ id: "run" }, hold);
    const recheck = await statesRun({ id: "run-r1", recheck: 1 }, hold);

    // Assess
    expect(alarm).toEqual(["Resolve", "Lock", "Verify", "NotifyHold", "Record"]);
    expect(recheck).toEqual(["Resolve", "Lock", "Verify", "Record"]);
  });

  it("records a re-check the Lock refused without a notification, and tells about any other refusal", async () => {
    const refused = { lock: { acquired: false, owner: "run", reason: "cooling down" } };

    const alarm = await statesRun({ id: "run" }, refused);
    const recheck = await statesRun({ id: "run-r2", recheck: 2 }, refused);

    expect(alarm).toEqual(["Resolve", "Lock", "NotifySkipped", "RecordSkipped"]);
    expect(recheck).toEqual(["Resolve", "Lock", "RecordSkipped"]);
  });

  it("runs a re-check that decides to roll back the whole way: shift, both notifications, invalidation, confirmation", async () => {
    const rollback = {
      resolve: { cloudfront: { distributionId: "E1", paths: ["/*"] }, confirmAfterSeconds: 0 },
      lock: { acquired: true, owner: "run-r3" },
      verify: { action: "shift" },
      shift: { shifted: true },
      checkInvalidation: { done: true },
    };

    const ran = await statesRun({ id: "run-r3", recheck: 3 }, rollback);

    expect(ran).toEqual([
      "Resolve",
      "Lock",
      "Verify",
      "Shift",
      "NotifyShifted",
      "Invalidate",
      "CheckInvalidation",
      "Confirm",
      "NotifyOutcome",
      "Record",
    ]);
  });

  it("tells about a re-check whose shift a newer deploy refused: that is news, not a repeated hold", async () => {
    const raced = {
      lock: { acquired: true, owner: "run-r1" },
      verify: { action: "shift" },
      shift: { shifted: false },
    };

    const ran = await statesRun({ id: "run-r1", recheck: 1 }, raced);

    expect(ran).toEqual(["Resolve", "Lock", "Verify", "Shift", "NotifyHold", "Record"]);
  });

  it("maps every task state to one of the step functions", () => {
    const steps = taskSteps(arns);
    expect(new Set(Object.values(steps))).toEqual(new Set(STEP_FUNCTIONS));
    expect(steps.NotifyShifted).toBe("notify");
    expect(steps.CheckInvalidation).toBe("checkInvalidation");
  });
});
