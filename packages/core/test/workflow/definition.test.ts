import validator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { allStates, isDefinition } from "@ripcord/local/stepfunctions/definition-walk";
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
 * gives it (an empty result otherwise, an error for a step in `failing`): the routing alone, run
 * by the same engine as the sandbox. With `inputs`, what each state received.
 */
async function statesRun(
  input: Record<string, Json>,
  results: Partial<Record<StepFunction, Json>>,
  failing: readonly StepFunction[] = [],
  inputs: Record<string, unknown> = {},
): Promise<string[]> {
  const asl = definition(arns);
  const ran: string[] = [];
  const handlers = Object.fromEntries(
    Object.entries(taskSteps(arns, asl)).map(([state, step]) => [
      state,
      async (stateInput: unknown) => {
        ran.push(state);
        inputs[state] = stateInput;
        if (failing.includes(step)) throw new RangeError(`${step} failed`);
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
    overrides: {
      taskResourceLocalHandlers: handlers,
      waitTimeOverrides: waits,
      retryIntervalOverrides: Object.fromEntries(Object.keys(handlers).map((n) => [n, 0])),
    },
  });
  await run.result.catch((error: unknown) => {
    // A run that ends in the Fail state is an outcome these tests look at, not a test failure.
    if (!(error instanceof Error) || !ran.includes("HandleFailure")) throw error;
  });
  return ran;
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("the state machine definition", () => {
  it("is valid Amazon States Language", () => {
    const result = validator(definition(arns));
    expect(result.errorsText()).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("retries throttling and service faults on every task, those inside Lock and Verify's branches too", () => {
    const tasks = allStates(definition(arns)).filter(([, s]) => s.Type === "Task");
    expect(tasks.map(([name]) => name)).toEqual(expect.arrayContaining(["Lock", "Verify"]));
    expect(tasks.length).toBeGreaterThan(8);
    for (const [, state] of tasks) {
      expect(state.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: [...RETRYABLE_ERRORS] }),
      ]);
    }
  });

  it("catches a failure of every step before the shift into the failure path", () => {
    const all = states();
    for (const name of ["Resolve", "LockAndVerify", "Shift", "Record"]) {
      expect(all[name]?.Catch?.map((c) => c.Next)).toEqual(["HandleFailure"]);
    }
    const nested = Object.fromEntries(allStates(definition(arns)));
    expect(nested.Lock?.Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.lockError", Next: "LockCaught" },
    ]);
    expect(nested.Verify?.Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.verifyError", Next: "VerifyCaught" },
    ]);
    for (const name of ["LockFailed", "VerifyFailed"])
      expect(all[name]?.Next).toBe("HandleFailure");
  });

  it("puts nothing slow between the alarm and the shift: Resolve, then Lock and Verify side by side", async () => {
    // Prepare: Lock and Verify each wait until the other has started (run one after the other, they would wait forever).
    const asl = definition(arns);
    if (!isDefinition(asl)) throw new Error("definition() returned no StartAt/States");
    const started = { Lock: deferred(), Verify: deferred() };
    const ran: string[] = [];
    const handlers = Object.fromEntries(
      Object.keys(taskSteps(arns, asl)).map((state) => [
        state,
        async (): Promise<Json> => {
          ran.push(state);
          if (state === "Lock" || state === "Verify") {
            started[state].resolve();
            await started[state === "Lock" ? "Verify" : "Lock"].promise;
            await new Promise((resolve) => setTimeout(resolve, state === "Lock" ? 30 : 5));
            ran.push(`${state} done`);
          }
          if (state === "Lock") return { acquired: true, owner: "run" };
          if (state === "Verify") return { action: "shift" };
          if (state === "Shift") throw new RangeError("stop here");
          return {};
        },
      ]),
    );
    const timeout = setTimeout(() => {
      started.Lock.resolve();
      started.Verify.resolve();
    }, 2000);

    // Act
    const run = new StateMachine(asl).run(
      { id: "run" },
      {
        overrides: { taskResourceLocalHandlers: handlers },
      },
    );
    await run.result.catch(() => undefined);
    clearTimeout(timeout);

    // Assess: both started before either ended, and Shift came after both.
    expect(ran.slice(0, 6)).toEqual([
      "Resolve",
      "Lock",
      "Verify",
      "Verify done",
      "Lock done",
      "Shift",
    ]);
  });

  it("merges Lock's and Verify's results into the one state Shift expects", async () => {
    const inputs: Record<string, unknown> = {};
    const lock = { acquired: true, owner: "run" };
    const verify = { action: "shift", targets: { api: "2" } };

    await statesRun(
      { id: "run", service: "checkout" },
      { lock, verify, shift: { shifted: false } },
      [],
      inputs,
    );

    expect(inputs.Shift).toEqual({ id: "run", service: "checkout", resolved: {}, lock, verify });
  });

  it("ends in the failure path with Verify's error when Verify fails, after Lock took the lock", async () => {
    const inputs: Record<string, unknown> = {};
    const lock = { acquired: true, owner: "run" };

    const ran = await statesRun({ id: "run" }, { lock }, ["verify"], inputs);

    expect(ran.slice(-1)).toEqual(["HandleFailure"]);
    expect(ran).not.toContain("Shift");
    // Fail releases the lock by the owner the state names, so Lock's result must reach it.
    expect(inputs.HandleFailure).toMatchObject({
      lock,
      error: { Error: "RangeError" },
      verifyError: { Error: "RangeError" },
    });
  });

  it("ends in the failure path with Lock's error when Lock fails, whatever Verify said", async () => {
    const inputs: Record<string, unknown> = {};

    const ran = await statesRun({ id: "run" }, { verify: { action: "shift" } }, ["lock"], inputs);

    expect(ran.slice(-1)).toEqual(["HandleFailure"]);
    expect(ran).not.toContain("Shift");
    expect(inputs.HandleFailure).toMatchObject({ error: { Error: "RangeError" } });
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

    // Verify ran beside Lock; nothing acts on its verdict.
    expect(alarm).toEqual(["Resolve", "Lock", "Verify", "NotifySkipped", "RecordSkipped"]);
    expect(recheck).toEqual(["Resolve", "Lock", "Verify", "RecordSkipped"]);
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
