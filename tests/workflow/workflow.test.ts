import { describe, expect, it } from "vitest";
import { CloudFront, Lambda, Store } from "@ripcord/core/aws";
import * as Rollback from "@ripcord/core/rollback";
import { TransientError } from "@ripcord/core/errors";
import { alarmInput, prepareService, runWorkflow } from "./fixture.ts";

describe("the rollback state machine, run with the real handlers against moto", () => {
  it("rolls a confirmed regression back to the last known-good version", async () => {
    // Prepare: version 3 fails 15% of requests since it took traffic; version 2 failed 0.4%.
    const fixture = await prepareService({ errorsPerThousand: 150 });

    // Act
    const { execution, output } = await runWorkflow(alarmInput(fixture));

    // Assess: the alias in moto, not Ripcord's report, is the proof.
    expect(execution.status).toBe("SUCCEEDED");
    const aliasNow = await Lambda.getAlias(fixture.fn, "production");
    expect(aliasNow.version).toBe("2");
    expect(aliasNow.weights).toEqual({});
    const state = Rollback.RollbackState.parse(output);
    expect(state.verify?.verdict).toBe("rollback");
    expect(state.verify?.reason).toMatch(/p/);
    expect(state.shift?.results).toMatchObject([
      { status: "shifted", from: { version: "3" }, to: "2" },
    ]);
    expect(state.notifyShifted?.text).toContain("Rolled back");
    expect(state.notifyShifted?.text).toContain("3 -> 2");
    const invalidationId = state.invalidation?.id;
    expect(invalidationId).toBeDefined();
    expect(await CloudFront.getInvalidation(fixture.distributionId, invalidationId!)).toBe(
      "Completed",
    );
    const { record, steps } = await Store.getRollback(state.id);
    expect(record.status).toBe("rolled-back");
    expect(record.shifts).toMatchObject([{ function: fixture.fn, target: "2", status: "shifted" }]);
    expect(steps.map((s) => s.name)).toEqual(
      expect.arrayContaining(["Resolve", "Lock", "Verify", "Shift", "Invalidate"]),
    );
    const service = await Store.getServiceState(fixture.service);
    expect(service.lock).toBeUndefined();
    expect(service.cooldownUntil).toBeDefined();
    expect(service.frozen?.versions).toEqual({ [fixture.fn]: "3" });
    const ledger = await Store.loadLedger(fixture.fn, "production");
    expect(ledger.releases.find((r) => r.version === "3")?.knownBadAt).toBeDefined();
  });

  it("holds when the release is not worse than its baseline, and says why", async () => {
    const fixture = await prepareService({ errorsPerThousand: 5 });

    const { execution, output } = await runWorkflow(alarmInput(fixture));

    expect(execution.status).toBe("SUCCEEDED");
    expect((await Lambda.getAlias(fixture.fn, "production")).version).toBe("3");
    const state = Rollback.RollbackState.parse(output);
    expect(state.verify?.action).toBe("hold");
    expect(state.shift).toBeUndefined();
    expect(state.notifyHeld?.text).toContain("Holding");
    expect(state.notifyHeld?.text).toContain(state.verify?.reason ?? "no reason");
    expect((await Store.getRollback(state.id)).record.status).toBe("held");
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  it("catches a crashed step: records the failure, notifies and releases the lock", async () => {
    const fixture = await prepareService({ errorsPerThousand: 150 });
    const crash = async () => {
      throw new Error("verify crashed");
    };

    const { execution } = await runWorkflow(alarmInput(fixture), { verify: crash });

    expect(execution.status).toBe("FAILED");
    expect(execution.error).toBe("RollbackFailed");
    expect((await Lambda.getAlias(fixture.fn, "production")).version).toBe("3");
    const service = await Store.getServiceState(fixture.service);
    expect(service.lock).toBeUndefined();
    const history = await Store.listRollbacks({ service: fixture.service, limit: 5 });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]?.status).toBe("failed");
    expect(history.items[0]?.warnings?.join(" ")).toContain("verify crashed");
  });

  it("retries a throttled step and completes", async () => {
    const fixture = await prepareService({ errorsPerThousand: 150 });
    let calls = 0;
    const { STEP_HANDLERS } = await import("@ripcord/local/handlers");
    const flaky: typeof STEP_HANDLERS.resolve = async (event, context) => {
      calls += 1;
      if (calls === 1) throw new TransientError("Lambda GetAlias throttled");
      return STEP_HANDLERS.resolve(event, context);
    };

    const { execution } = await runWorkflow(alarmInput(fixture), { resolve: flaky });

    expect(execution.status).toBe("SUCCEEDED");
    expect(calls).toBe(2);
    expect((await Lambda.getAlias(fixture.fn, "production")).version).toBe("2");
  });

  it("writes the steps into the history as the run goes, so a watcher sees the shift before the run ends", async () => {
    const fixture = await prepareService({ errorsPerThousand: 150 });
    const input = alarmInput(fixture);
    const { STEP_HANDLERS } = await import("@ripcord/local/handlers");
    let seenBeforeRecord: string[] = [];
    const recordAfterLooking: typeof STEP_HANDLERS.record = async (event, context) => {
      seenBeforeRecord = (await Store.getRollback(input.id)).steps.map((s) => s.name);
      return STEP_HANDLERS.record(event, context);
    };

    const { execution } = await runWorkflow(input, { record: recordAfterLooking });

    expect(execution.status).toBe("SUCCEEDED");
    expect(seenBeforeRecord).toEqual(
      expect.arrayContaining(["Resolve", "Lock", "Verify", "Shift", "NotifyShifted", "Invalidate"]),
    );
  });
});
