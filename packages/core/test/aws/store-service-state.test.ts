import { Store } from "@ripcord/core/aws";
import { ConflictError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { ripcordTable } from "../../../../tests/support/aws.ts";
import { unique } from "../../../../tests/support/unique.ts";
import { failureOf } from "../../../../tests/support/failure.ts";

const NOW = "2026-11-27T14:00:00.000Z";
const later = (seconds: number): string => new Date(Date.parse(NOW) + seconds * 1000).toISOString();

describe("store: lock, cooldown, pause, freeze against moto", () => {
  beforeAll(async () => {
    await ripcordTable();
  });

  it("gives the lock to one owner and refuses a second, naming the holder", async () => {
    // Prepare
    const service = unique("svc");
    await Store.acquireLock(service, "run-a", NOW, 900);

    // Act
    const refused = await failureOf(Store.acquireLock(service, "run-b", later(60), 900));

    // Assess
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toHaveProperty(
      "message",
      expect.stringMatching(/locked by run-a until 2026-11-27T14:15:00.000Z/),
    );
  });

  it("lets the same owner take its lock again (a retried step)", async () => {
    // Prepare
    const service = unique("svc");
    await Store.acquireLock(service, "run-a", NOW, 900);

    // Act
    const again = await Store.acquireLock(service, "run-a", later(5), 900);

    // Assess
    expect(again).toEqual({ owner: "run-a", acquiredAt: later(5), expiresAt: later(905) });
  });

  it("hands an expired lock to the next owner", async () => {
    // Prepare
    const service = unique("svc");
    await Store.acquireLock(service, "run-a", NOW, 60);

    // Act
    const taken = await Store.acquireLock(service, "run-b", later(61), 60);
    const state = await Store.getServiceState(service);

    // Assess
    expect(taken.owner).toBe("run-b");
    expect(state.lock?.owner).toBe("run-b");
  });

  it("releases only its own lock; releasing an absent lock is fine", async () => {
    // Prepare
    const service = unique("svc");
    await Store.acquireLock(service, "run-a", NOW, 900);

    // Act
    const byOther = await failureOf(Store.releaseLock(service, "run-b"));
    const stillHeld = await Store.getServiceState(service);
    await Store.releaseLock(service, "run-a");
    await Store.releaseLock(service, "run-a");
    const released = await Store.getServiceState(service);

    // Assess
    expect(byOther).toBeInstanceOf(ConflictError);
    expect(stillHeld.lock?.owner).toBe("run-a");
    expect(released.lock).toBeUndefined();
  });

  it("reads lock, cooldown, pause, freeze and whether the shift count exists together, and leaves out what has ended", async () => {
    // Prepare
    const service = unique("svc");
    await Store.acquireLock(service, "run-a", NOW, 60);
    await Store.setCooldown(service, later(1800));
    await Store.setPause(service, {
      reason: "migration",
      until: later(600),
      actor: "cli:ana",
      at: NOW,
    });
    await Store.setFrozen(service, { versions: { api: "7" }, rollbackId: "run-a", since: NOW });
    await Store.seedShiftCount(service, NOW);

    // Act
    const atStart = await Store.getServiceState(service, NOW);
    const afterTenMinutes = await Store.getServiceState(service, later(600));

    // Assess
    expect(atStart).toEqual({
      lock: { owner: "run-a", acquiredAt: NOW, expiresAt: later(60) },
      cooldownUntil: later(1800),
      pause: { scope: service, reason: "migration", until: later(600), actor: "cli:ana", at: NOW },
      frozen: { versions: { api: "7" }, rollbackId: "run-a", since: NOW },
      shiftCountSeeded: true,
    });
    expect(afterTenMinutes.lock).toBeUndefined();
    expect(afterTenMinutes.pause).toBeUndefined();
    expect(afterTenMinutes.cooldownUntil).toBe(later(1800));
  });

  it("counts a rollback in the shift count once, however often Record is retried, and forgets the ones a day old", async () => {
    // Prepare: cap 2; one rollback 25 hours ago, one an hour ago, counted twice (a retried Record).
    const service = unique("svc");
    const key = (hoursAgo: number, id: string) =>
      Store.timeKey({ id, startedAt: later(-hoursAgo * 3600) });
    await Store.countShift(service, key(25, "old"), NOW);
    await Store.countShift(service, key(1, "recent"), NOW);
    await Store.countShift(service, key(1, "recent"), NOW);

    // Act: the lock under cap 2 is taken (one rollback in the day); then under cap 1 it is refused.
    const underTwo = await Store.acquireLockIfClear(service, "run-b", NOW, 60, { dailyCap: 2 });
    await Store.releaseLock(service, "run-b");
    const underOne = await Store.acquireLockIfClear(service, "run-c", NOW, 60, { dailyCap: 1 });

    // Assess
    expect(underTwo).toBe(true);
    expect(underOne).toBe(false);
    expect((await Store.getServiceState(service, NOW)).lock).toBeUndefined();
  });

  it("applies a global pause to every service until it is cleared", async () => {
    // Prepare
    const service = unique("svc");
    await Store.setPause(Store.ALL_SERVICES, { reason: "incident", actor: "api:ops", at: NOW });

    // Act
    const paused = await Store.getServiceState(service, NOW);
    await Store.clearPause(Store.ALL_SERVICES);
    const resumed = await Store.getServiceState(service, NOW);

    // Assess
    expect(paused.pause).toEqual({ scope: "*", reason: "incident", actor: "api:ops", at: NOW });
    expect(resumed.pause).toBeUndefined();
  });

  it("clears a freeze", async () => {
    // Prepare
    const service = unique("svc");
    await Store.setFrozen(service, { versions: { api: "3" }, rollbackId: "r1", since: NOW });

    // Act
    await Store.clearFrozen(service);
    const state = await Store.getServiceState(service);

    // Assess
    expect(state.frozen).toBeUndefined();
  });
  it("takes the lock in one transaction only while no cooldown or pause of the service is in force", async () => {
    // Prepare: one service per case, each as its guards stand at NOW.
    const clear = unique("svc");
    const cooling = unique("svc");
    await Store.setCooldown(cooling, later(60));
    const cooled = unique("svc");
    await Store.setCooldown(cooled, later(-1));
    const paused = unique("svc");
    await Store.setPause(paused, { reason: "migration", actor: "ops", at: NOW });
    const pauseEnded = unique("svc");
    await Store.setPause(pauseEnded, {
      reason: "migration",
      until: "2026-11-27T15:59:00+02:00",
      actor: "ops",
      at: NOW,
    });
    const held = unique("svc");
    await Store.acquireLock(held, "run-a", NOW, 900);

    // Act
    const taken = async (service: string): Promise<boolean> =>
      Store.acquireLockIfClear(service, "run-b", NOW, 900);
    const results = {
      clear: await taken(clear),
      cooling: await taken(cooling),
      cooled: await taken(cooled),
      paused: await taken(paused),
      pauseEnded: await taken(pauseEnded),
      held: await taken(held),
    };

    // Assess: the pause's end has an offset (13:59 UTC): compared as a number, it is over.
    expect(results).toEqual({
      clear: true,
      cooling: false,
      cooled: true,
      paused: false,
      pauseEnded: true,
      held: false,
    });
    expect((await Store.getServiceState(clear)).lock?.owner).toBe("run-b");
    expect((await Store.getServiceState(cooling)).lock).toBeUndefined();
    expect((await Store.getServiceState(held)).lock?.owner).toBe("run-a");
  });
});
