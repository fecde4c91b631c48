import { describe, expect, it } from "vitest";
import * as Rollback from "@ripcord/core/rollback";
import { Store } from "@ripcord/core/aws";
import { unique } from "../support/unique.ts";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService } from "./support/service.ts";
import { alarmInput, runWorkflow } from "./support/workflow.ts";

/*
 * The reconciler yields a service while its rollback runs: a tick that comes while the service's
 * lock is held reads none of its aliases, so Lambda's control-plane budget (15/s per account and
 * region) goes to the rollback's Shift. Everything real against moto: the state machine holds the
 * lock, the tick runs just before Shift, the fault proxy counts every GetAlias.
 */

describe("the reconciler while a rollback runs", () => {
  const { inbox, proxy } = useReliabilityHarness({ inbox: true, proxy: { seed: 11 } });

  it("reads none of the service's aliases while the rollback holds its lock, and all of them in the next tick", async () => {
    // Prepare: a service of three functions; its rollback runs the reconciler's tick right before Shift.
    const fixture = await prepareService({ inbox, functions: [{}, {}, {}] });
    const input = alarmInput(fixture);
    const reads = (): number => proxy.count(proxy.seen, "lambda", "GetAlias");
    let during: { tick: Awaited<ReturnType<typeof Rollback.reconcile>>; reads: number } | undefined;
    const tickThenShift: typeof STEP_HANDLERS.shift = async (event, context) => {
      const before = reads();
      const tick = await Rollback.reconcile(fixture.now, fixture.config);
      during = { tick, reads: reads() - before };
      return STEP_HANDLERS.shift(event, context);
    };

    // Act
    const run = await through(proxy, () => runWorkflow(input, { shift: tickThenShift }));
    const before = reads();
    const next = await through(proxy, () => Rollback.reconcile(fixture.now, fixture.config));
    const readsAfter = reads() - before;

    // Assess: the tick during the run yielded and read nothing; the rollback still shifted all three.
    expect(run.state.lock?.acquired).toBe(true);
    expect(run.state.shift?.complete).toBe(true);
    expect(during?.tick.yielded).toEqual([fixture.service]);
    expect(during?.tick.aliases).toEqual([]);
    expect(during?.reads).toBe(0);
    // The lock released, the next tick reads every alias (now on the target) and yields nothing.
    expect(next.yielded).toEqual([]);
    expect(readsAfter).toBe(fixture.functions.length);
    expect(next.aliases.map((a) => a.version)).toEqual(fixture.functions.map(() => "2"));
  });

  it("seeds a service's shift count from its history on its first tick, so Lock checks the daily cap in its transaction", async () => {
    const fixture = await prepareService({
      inbox,
      policy: { maxRollbacksPerDay: 1, cooldownMinutes: 0 },
    });
    const hourAgo = new Date(Date.parse(fixture.now) - 60 * 60_000).toISOString();
    await Store.putRollback({
      id: unique("past"),
      service: fixture.service,
      source: "alarm",
      status: "rolled-back",
      startedAt: hourAgo,
      endedAt: hourAgo,
      now: hourAgo,
    });
    expect((await Store.getServiceState(fixture.service)).shiftCountSeeded).toBe(false);

    await Rollback.reconcile(fixture.now, fixture.config);
    const run = await runWorkflow(alarmInput(fixture));

    expect((await Store.getServiceState(fixture.service)).shiftCountSeeded).toBe(true);
    expect(run.state.lock?.acquired).toBe(false);
    expect(run.state.lock?.reason).toMatch(/already had 1 rollbacks in the last 24 hours/);
  });
});
