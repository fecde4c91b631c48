import { describe, expect, it } from "vitest";
import { SimulatedClock } from "../src/clock.ts";
import { LocalStepFunctions } from "../src/stepfunctions/index.ts";

const T0 = Date.parse("2026-11-27T14:00:00.000Z");
const READ = "arn:aws:lambda:us-east-1:123456789012:function:read-clock";

describe("the sandbox's clock", () => {
  it("runs the timers due by the new time, oldest first, each seeing its own due time", async () => {
    // Prepare
    const clock = new SimulatedClock(T0);
    const seen: Array<[string, number]> = [];
    clock.at(T0 + 90_000, async () => {
      seen.push(["b", clock.now()]);
    });
    clock.at(T0 + 30_000, async () => {
      seen.push(["a", clock.now()]);
    });
    clock.at(T0 + 150_000, async () => {
      seen.push(["c", clock.now()]);
    });

    // Act
    await clock.advanceTo(T0 + 120_000);

    // Assess: "c" is not due yet; the clock ends where it was asked to.
    expect(seen).toEqual([
      ["a", T0 + 30_000],
      ["b", T0 + 90_000],
    ]);
    expect(clock.now()).toBe(T0 + 120_000);
  });

  it("never goes back, and moves on from where the advances asked before leave it", async () => {
    // Prepare
    const clock = new SimulatedClock(T0);

    // Act: asked one after the other without awaiting, as a Wait state asks.
    const first = clock.advanceBy(60_000);
    const second = clock.advanceBy(60_000);
    const back = clock.advanceTo(T0);
    await Promise.all([first, second, back]);

    // Assess
    expect(clock.now()).toBe(T0 + 120_000);
  });

  it("throws what an advance nobody awaited failed with, once", async () => {
    // Prepare
    const clock = new SimulatedClock(T0);
    clock.at(T0 + 1000, () => Promise.reject(new Error("PutMetricData refused")));

    // Act
    clock.advanceLater(5000);

    // Assess
    await expect(clock.settled()).rejects.toThrow("PutMetricData refused");
    await expect(clock.settled()).resolves.toBeUndefined();
  });
});

describe("Wait states on the sandbox's clock", () => {
  it("move the clock on by their seconds (SecondsPath too) before the next task runs", async () => {
    // Prepare: the next task reads the clock, as the publisher and the evaluator do.
    const clock = new SimulatedClock(T0);
    const sfn = new LocalStepFunctions();
    const arn = sfn.createStateMachine({
      name: "clocked",
      definition: {
        StartAt: "Poll",
        States: {
          Poll: { Type: "Wait", Seconds: 10, Next: "BeforeConfirm" },
          BeforeConfirm: { Type: "Wait", SecondsPath: "$.confirmAfterSeconds", Next: "Read" },
          Read: { Type: "Task", Resource: READ, ResultPath: "$.at", End: true },
        },
      },
      tasks: new Map([[READ, () => Promise.resolve(clock.iso())]]),
      clock,
    });

    // Act
    const started = sfn.start({ stateMachineArn: arn, input: '{"confirmAfterSeconds":180}' });
    const finished = await sfn.finished(started.executionArn);

    // Assess
    expect(finished.status).toBe("SUCCEEDED");
    expect(JSON.parse(finished.output ?? "{}")).toMatchObject({
      at: new Date(T0 + 190_000).toISOString(),
    });
  });
});
