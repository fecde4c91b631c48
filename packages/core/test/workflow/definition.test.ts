import validator from "asl-validator";
import { describe, expect, it } from "vitest";
import { definition, RETRYABLE_ERRORS, STEP_FUNCTIONS, taskSteps, type StepArns } from "../../src/workflow/index.ts";

const arns = Object.fromEntries(
  STEP_FUNCTIONS.map((step) => [step, `arn:aws:lambda:eu-west-1:123456789012:function:ripcord-prod-${step}`]),
) as StepArns;

type StateNode = { Type: string; Next?: string; Default?: string; Retry?: unknown[]; Catch?: { Next: string }[]; Choices?: { Next: string }[] };

function states(): Record<string, StateNode> {
  const asl = definition(arns);
  return asl.States as Record<string, StateNode>;
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
      expect(state.Retry).toEqual([expect.objectContaining({ ErrorEquals: [...RETRYABLE_ERRORS] })]);
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

  it("maps every task state to one of the step functions", () => {
    const steps = taskSteps(arns);
    expect(new Set(Object.values(steps))).toEqual(new Set(STEP_FUNCTIONS));
    expect(steps.NotifyShifted).toBe("notify");
    expect(steps.CheckInvalidation).toBe("checkInvalidation");
  });
});
