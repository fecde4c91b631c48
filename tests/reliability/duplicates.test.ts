import { describe, expect, it } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, specOf } from "./support/service.ts";
import { alarmFires, deliver } from "./support/trigger.ts";
import { alarmInput, runWorkflow } from "./support/workflow.ts";

describe("duplicates: one alarm state change, one rollback", () => {
  const { inbox, endpoint, proxy } = useReliabilityHarness({
    inbox: true,
    stateMachine: "test",
    proxy: { seed: 5 },
  });

  it("runs once when the same event is delivered five times at once: one execution, one alias change, one pair of notifications", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    const event = await alarmFires(specOf(fixture, "errorRate"), fixture.now);

    // Act
    const results = await through(proxy, async () => {
      const delivered = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
      await endpoint.settled();
      return delivered;
    });

    // Assess
    const executions = endpoint.executions();
    expect(executions).toHaveLength(1);
    expect(executions[0]?.status).toBe("SUCCEEDED");
    for (const result of results)
      expect(result).toMatchObject({ started: true, executionArn: executions[0]?.executionArn });
    expect(proxy.count(proxy.seen, "lambda", "UpdateAlias")).toBe(1);
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    const notes = inbox.of(fixture.topicArn);
    expect(notes).toHaveLength(2);
    expect(notes[0]?.text).toContain("3 -> 2");
    const history = await Store.listRollbacks({ service: fixture.service, limit: 10 });
    expect(history.items.map((r) => r.status)).toEqual(["rolled-back"]);
  });

  it("starts nothing when the event is delivered again after its run ended", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    const event = await alarmFires(specOf(fixture, "errorRate"), fixture.now);
    const first = await deliver(event);
    await endpoint.settled();

    // Act
    const again = await through(proxy, () => deliver(event));

    // Assess
    expect(again).toMatchObject({
      started: true,
      duplicate: true,
      executionArn: first.started ? first.executionArn : "",
    });
    expect(endpoint.executions()).toHaveLength(1);
    expect(proxy.count(proxy.seen, "lambda")).toBe(0);
    expect(inbox.of(fixture.topicArn)).toHaveLength(2);
  });

  it("rolls back once when the error-rate and latency alarms of the service fire together", async () => {
    // Prepare: the release both fails and slows down, so both alarms enter ALARM at the same time.
    const fixture = await prepareService({ inbox, errorsPerThousand: 150, latencyMs: 3000 });
    const events = await Promise.all([
      alarmFires(specOf(fixture, "errorRate"), fixture.now),
      alarmFires(specOf(fixture, "latency"), fixture.now),
    ]);

    // Act
    await through(proxy, async () => {
      await Promise.all(events.map((event) => deliver(event)));
      await endpoint.settled();
    });

    // Assess
    expect(endpoint.executions()).toHaveLength(2);
    expect(proxy.count(proxy.seen, "lambda", "UpdateAlias")).toBe(1);
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("2");
    const history = await Store.listRollbacks({ service: fixture.service, limit: 10 });
    expect(history.items.map((r) => r.status).sort()).toEqual(["held", "rolled-back"]);
    const held = history.items.find((r) => r.status === "held");
    expect(held?.decision?.reason).toMatch(/another rollback of .* is running|cooling down/);
    const notes = inbox.of(fixture.topicArn);
    expect(notes.filter((n) => n.text.includes("3 -> 2"))).toHaveLength(2);
    expect(notes).toHaveLength(3);
    expect(notes.some((n) => n.text.includes(held?.decision?.reason ?? "no reason"))).toBe(true);
  });

  it("refuses the second alarm's run when the first rollback ended between its Resolve and its Lock", async () => {
    // Prepare: the latency run resolves while nothing has happened yet, then waits at Lock until the error-rate run is over.
    const fixture = await prepareService({ inbox, errorsPerThousand: 150, latencyMs: 3000 });
    let firstDone: () => void = () => undefined;
    const firstOver = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const lateLock: typeof STEP_HANDLERS.lock = async (event, context) => {
      await firstOver;
      return STEP_HANDLERS.lock(event, context);
    };

    // Act
    const late = runWorkflow(alarmInput(fixture, "latency"), { lock: lateLock });
    const first = await runWorkflow(alarmInput(fixture, "errorRate"));
    firstDone();
    const second = await late;

    // Assess
    expect(first.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
    expect(second.state.lock?.acquired).toBe(false);
    expect(second.state.lock?.reason).toContain("cooling down");
    expect(second.state.shift).toBeUndefined();
    expect(second.state.notifySkipped?.text).toContain("cooling down");
    const history = await Store.listRollbacks({ service: fixture.service, limit: 10 });
    expect(history.items.map((r) => r.status).sort()).toEqual(["held", "rolled-back"]);
  });
});
