import { describe, expect, it } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

/** A Lambda that died: the error Step Functions sees is not one its Retry covers. */
function crashing(message: string): typeof STEP_HANDLERS.shift {
  return async () => {
    throw new Error(message);
  };
}

describe("a crashed step releases the lock and is recorded", () => {
  const { inbox, faultProxy } = useReliabilityHarness({ inbox: true });

  it("Shift crashes: the alias is left alone, the failure recorded and notified, the lock released", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    const input = alarmInput(fixture);

    // Act
    const run = await runWorkflow(input, { shift: crashing("shift ran out of memory") });

    // Assess
    expect(run.status).toBe("FAILED");
    expect(run.error).toBe("RollbackFailed");
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("failed");
    expect(record.warnings?.join(" ")).toContain("shift ran out of memory");
    expect(service.lock).toBeUndefined();
    expect(service.cooldownUntil).toBeUndefined();
    expect(inbox.of(fixture.topicArn)).toHaveLength(1);
  });

  it("Lock dies after its conditional write: the lock it never reported holding is released all the same", async () => {
    const fixture = await prepareService({ inbox });
    const lockThenDie: typeof STEP_HANDLERS.lock = async (event, context) => {
      await STEP_HANDLERS.lock(event, context);
      throw new Error("lock timed out after the write");
    };
    const input = alarmInput(fixture);

    const run = await runWorkflow(input, { lock: lockThenDie });

    expect(run.status).toBe("FAILED");
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("failed");
    expect(service.lock).toBeUndefined();
  });

  it("Record crashes after the shift: the failure path still marks the version bad, starts the cooldown, freezes and unlocks", async () => {
    const fixture = await prepareService({ inbox });
    const input = alarmInput(fixture);

    const run = await runWorkflow(input, { record: crashing("record crashed") });

    expect(run.status).toBe("FAILED");
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back-with-warnings");
    expect(record.warnings?.join(" ")).toContain("record crashed");
    expect(service.lock).toBeUndefined();
    expect(service.cooldownUntil).toBeDefined();
    expect(service.frozen?.versions).toEqual({ [fixture.functions[0]!]: "3" });
    const ledger = await Store.loadLedger(fixture.functions[0]!, "production");
    expect(ledger.releases.find((r) => r.version === "3")?.knownBadAt).toBeDefined();
  });

  it("a crash while notifications are down still releases the lock, and the history says the failure was not delivered", async () => {
    const fixture = await prepareService({ inbox });
    const proxy = await faultProxy(4, [{ service: "sns", rate: 1, kinds: ["unavailable"] }]);
    const input = alarmInput(fixture);

    const run = await through(proxy, () =>
      runWorkflow(input, { verify: crashing("verify crashed") }),
    );

    expect(run.status).toBe("FAILED");
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("failed");
    expect(record.warnings?.join(" ")).toMatch(/failure notification could not be delivered/);
    expect(service.lock).toBeUndefined();
  });
});
