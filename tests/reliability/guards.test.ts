import { describe, expect, it } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { unique } from "../support/unique.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

const HOUR = 60 * 60_000;

function at(fixture: ServiceFixture, offsetMs: number): string {
  return new Date(Date.parse(fixture.now) + offsetMs).toISOString();
}

/**
 * How the service's earlier rollbacks are counted for the daily cap. "shift count": as Record counts
 * each (store/shift-count.ts), so Lock's transaction checks the cap. "history only": the history of
 * a service whose count was never seeded (an upgrade), so Lock counts with a Query once it holds the lock.
 */
type Counting = "shift count" | "history only";
const COUNTINGS: readonly Counting[] = ["shift count", "history only"];

/** A finished rollback of the service in the history, `hoursAgo` before the fixture's now. */
async function pastRollback(
  fixture: ServiceFixture,
  hoursAgo: number,
  counting: Counting = "history only",
): Promise<void> {
  const startedAt = at(fixture, -hoursAgo * HOUR);
  const id = unique("past");
  await Store.putRollback({
    id,
    service: fixture.service,
    source: "alarm",
    status: "rolled-back",
    startedAt,
    endedAt: startedAt,
    now: startedAt,
  });
  if (counting === "shift count")
    await Store.countShift(fixture.service, Store.timeKey({ id, startedAt }), fixture.now);
}

describe("lock, cooldown and daily cap: an alarm that must not roll back says why", () => {
  const { inbox, faultProxy } = useReliabilityHarness({ inbox: true });

  /** Nothing moved, the run is recorded as held with `reason`, and the one notification says it. */
  async function expectRefused(fixture: ServiceFixture, id: string, reason: RegExp) {
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "3",
      weights: {},
    });
    const { record } = await afterRun(fixture, id);
    expect(record.status).toBe("held");
    expect(record.decision?.reason).toMatch(reason);
    const notes = inbox.of(fixture.topicArn);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toMatch(reason);
  }

  it("does not roll back while another rollback of the service holds the lock, and leaves that lock alone", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    await Store.acquireLock(fixture.service, "manual-running-run", fixture.now, 600);
    const input = alarmInput(fixture);

    // Act
    const run = await runWorkflow(input);

    // Assess
    // Verify runs beside Lock (the shift waits for both); with the lock refused, nothing shifts.
    expect(run.status).toBe("SUCCEEDED");
    expect(run.state.lock?.acquired).toBe(false);
    expect(run.state.shift).toBeUndefined();
    await expectRefused(
      fixture,
      input.id,
      /another rollback of .* is running .*manual-running-run/,
    );
    expect((await Store.getServiceState(fixture.service)).lock?.owner).toBe("manual-running-run");
  });

  it("does not roll back within the cooldown after a rollback", async () => {
    const fixture = await prepareService({ inbox });
    await Store.setCooldown(fixture.service, at(fixture, 10 * 60_000));
    const input = alarmInput(fixture);

    const run = await runWorkflow(input);

    expect(run.state.lock?.acquired).toBe(false);
    await expectRefused(fixture, input.id, /cooling down after a rollback until/);
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  for (const counting of COUNTINGS) {
    it(`does not roll back past the daily cap of rollbacks (${counting})`, async () => {
      const fixture = await prepareService({ inbox, policy: { maxRollbacksPerDay: 2 } });
      await pastRollback(fixture, 2, counting);
      await pastRollback(fixture, 5, counting);
      const input = alarmInput(fixture);

      const run = await runWorkflow(input);

      expect(run.state.lock?.acquired).toBe(false);
      await expectRefused(
        fixture,
        input.id,
        /already had 2 rollbacks in the last 24 hours \(cap 2\)/,
      );
    });
  }

  it("does not roll back when the cooldown starts between Resolve and Lock", async () => {
    // Prepare: Resolve reads no cooldown; a rollback ending right after it sets one.
    const fixture = await prepareService({ inbox });
    const resolveThenCooldown: typeof STEP_HANDLERS.resolve = async (event, context) => {
      const resolved = await STEP_HANDLERS.resolve(event, context);
      await Store.setCooldown(fixture.service, at(fixture, 10 * 60_000));
      return resolved;
    };
    const input = alarmInput(fixture);

    await runWorkflow(input, { resolve: resolveThenCooldown });

    await expectRefused(fixture, input.id, /cooling down after a rollback until/);
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  it("does not roll back when the service is paused between Resolve and Lock", async () => {
    // Prepare: Resolve reads no pause; a person pauses the service right after it.
    const fixture = await prepareService({ inbox });
    const resolveThenPause: typeof STEP_HANDLERS.resolve = async (event, context) => {
      const resolved = await STEP_HANDLERS.resolve(event, context);
      await Store.setPause(fixture.service, {
        reason: "migrating the database",
        actor: "ops",
        at: fixture.now,
      });
      return resolved;
    };
    const input = alarmInput(fixture);

    await runWorkflow(input, { resolve: resolveThenPause });

    await expectRefused(fixture, input.id, /paused \(migrating the database/);
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  for (const counting of COUNTINGS) {
    it(`does not roll back past the daily cap when rollbacks end between Resolve and Lock (${counting})`, async () => {
      // Prepare: no cooldown (it would refuse first); two rollbacks end right after Resolve.
      const fixture = await prepareService({
        inbox,
        policy: { maxRollbacksPerDay: 2, cooldownMinutes: 0 },
      });
      const resolveThenTwo: typeof STEP_HANDLERS.resolve = async (event, context) => {
        const resolved = await STEP_HANDLERS.resolve(event, context);
        await pastRollback(fixture, 0, counting);
        await pastRollback(fixture, 0, counting);
        return resolved;
      };
      const input = alarmInput(fixture);

      const run = await runWorkflow(input, { resolve: resolveThenTwo });

      expect(run.state.lock?.acquired).toBe(false);
      await expectRefused(
        fixture,
        input.id,
        /already had 2 rollbacks in the last 24 hours \(cap 2\)/,
      );
      expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
    });
  }

  it("counts a rollback for the daily cap before it releases the lock, so the next alarm's Lock refuses in its transaction", async () => {
    const fixture = await prepareService({
      inbox,
      policy: { maxRollbacksPerDay: 1, cooldownMinutes: 0 },
    });
    expect((await Store.getServiceState(fixture.service)).shiftCountSeeded).toBe(false);
    const first = await runWorkflow(alarmInput(fixture));
    expect(first.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
    expect((await Store.getServiceState(fixture.service)).shiftCountSeeded).toBe(true);
    // The next release goes bad too: the alias is back on 3 and its alarm fires again.
    const { revisionId } = await Lambda.getAlias(fixture.functions[0]!, "production");
    await Lambda.updateAlias({
      fn: fixture.functions[0]!,
      alias: "production",
      version: "3",
      revisionId,
    });
    const input = alarmInput(fixture);

    const run = await runWorkflow(input);

    expect(run.state.lock?.acquired).toBe(false);
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
    const { record } = await afterRun(fixture, input.id);
    expect(record.status).toBe("held");
    expect(record.decision?.reason).toMatch(
      /already had 1 rollbacks in the last 24 hours \(cap 1\)/,
    );
  });

  it("releases the lock it took when rollbacks end while it takes it the plain way (history only)", async () => {
    // Prepare: the shift count is not seeded, so Lock reads the state, then puts the lock; two
    // rollbacks end between the two (the proxy writes them before it forwards the lock's put).
    const fixture = await prepareService({
      inbox,
      policy: { maxRollbacksPerDay: 2, cooldownMinutes: 0 },
    });
    let armed = true;
    const proxy = await faultProxy(12);
    proxy.setAround(async (request, forward) => {
      const plainLock = request.operation === "PutItem" && request.body.includes('"LOCK"');
      if (plainLock && armed) {
        armed = false;
        await pastRollback(fixture, 0);
        await pastRollback(fixture, 0);
      }
      return forward();
    });
    const input = alarmInput(fixture);

    const run = await through(proxy, () => runWorkflow(input));

    expect(armed).toBe(false);
    expect(proxy.count(proxy.seen, "dynamodb", "DeleteItem")).toBeGreaterThan(0);
    expect(run.state.lock?.acquired).toBe(false);
    await expectRefused(
      fixture,
      input.id,
      /already had 2 rollbacks in the last 24 hours \(cap 2\)/,
    );
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  it("takes over a lock whose run died without releasing it, once the lock has expired", async () => {
    // Prepare: a run that took the lock 40 minutes ago and never released it (its TTL is 30 minutes).
    const fixture = await prepareService({ inbox });
    await Store.acquireLock(fixture.service, "dead-run", at(fixture, -40 * 60_000), 30 * 60);
    const input = alarmInput(fixture);

    const run = await runWorkflow(input);

    expect(run.state.lock?.acquired).toBe(true);
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("2");
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
  });

  for (const counting of COUNTINGS) {
    it(`rolls back once the cooldown is over and the day's rollbacks are under the cap (${counting})`, async () => {
      // Prepare: a cooldown that ended a minute ago, two rollbacks today and one yesterday, cap 3.
      const fixture = await prepareService({ inbox });
      await Store.setCooldown(fixture.service, at(fixture, -60_000));
      for (const hoursAgo of [25, 3, 1]) await pastRollback(fixture, hoursAgo, counting);

      const run = await runWorkflow(alarmInput(fixture));

      expect(run.state.lock?.acquired).toBe(true);
      expect(run.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
      expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("2");
    });
  }
});
