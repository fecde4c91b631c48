import { Store } from "@ripcord/core/aws";
import { InputError, NotFoundError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { ripcordTable } from "../../../../tests/support/aws.ts";
import { unique } from "../../../../tests/support/unique.ts";
import { failureOf } from "../../../../tests/support/failure.ts";

const at = (minute: number): string =>
  new Date(Date.parse("2026-11-27T10:00:00.000Z") + minute * 60_000).toISOString();

function record(
  service: string,
  minute: number,
  overrides: Partial<Store.RollbackRecord> = {},
): Store.RollbackRecord {
  return {
    id: unique(`run-${minute}`),
    service,
    source: "alarm",
    status: "rolled-back",
    startedAt: at(minute),
    now: at(minute),
    ...overrides,
  };
}

describe("store: rollback history against moto", () => {
  beforeAll(async () => {
    await ripcordTable();
  });

  it("stores a record with its steps and reads them back in time order", async () => {
    // Prepare
    const rollback = record("checkout", 0, { status: "running", reason: "error rate 12%" });
    await Store.putRollback(rollback);
    await Store.appendStep(rollback.id, {
      name: "Verify",
      status: "ok",
      startedAt: at(1),
      detail: { verdict: "rollback" },
    });
    await Store.appendStep(rollback.id, {
      name: "Resolve",
      status: "ok",
      startedAt: at(0),
      durationMs: 40,
    });

    // Act
    const stored = await Store.getRollback(rollback.id);

    // Assess
    expect(stored.record).toEqual(rollback);
    expect(stored.steps.map((step) => step.name)).toEqual(["Resolve", "Verify"]);
    expect(stored.steps[1]?.detail).toEqual({ verdict: "rollback" });
  });

  it("keeps the first record when the same id is put twice", async () => {
    // Prepare
    const rollback = record("checkout", 1, { status: "running" });
    await Store.putRollback(rollback);

    // Act
    const again = await Store.putRollback({ ...rollback, status: "failed" });
    const stored = await Store.getRollback(rollback.id);

    // Assess
    expect(again.created).toBe(false);
    expect(stored.record.status).toBe("running");
  });

  it("updates the given fields and returns the record", async () => {
    // Prepare
    const rollback = record("checkout", 2, { status: "running" });
    await Store.putRollback(rollback);
    const shift = {
      function: "api",
      alias: "production",
      before: { version: "4", weights: {} },
      target: "3",
      status: "shifted" as const,
    };

    // Act
    const updated = await Store.updateRollback(rollback.id, {
      status: "rolled-back",
      endedAt: at(3),
      shifts: [shift],
      warnings: undefined,
    });

    // Assess
    expect(updated).toEqual({
      ...rollback,
      status: "rolled-back",
      endedAt: at(3),
      shifts: [shift],
    });
  });

  it("reports an unknown rollback as NotFoundError, on read and on update", async () => {
    // Act
    const read = await failureOf(Store.getRollback("no-such-run"));
    const update = await failureOf(Store.updateRollback("no-such-run", { status: "failed" }));

    // Assess
    expect(read).toBeInstanceOf(NotFoundError);
    expect(update).toBeInstanceOf(NotFoundError);
  });

  it("pages through a service's rollbacks newest first", async () => {
    // Prepare
    const service = unique("svc");
    const other = unique("svc");
    const records = [0, 1, 2, 3, 4].map((minute) => record(service, 100 + minute));
    for (const [i, item] of records.entries()) {
      await Store.putRollback(item);
      await Store.putRollback(record(other, 100 + i));
    }

    // Act
    const first = await Store.listRollbacks({ service, limit: 2 });
    const second = await Store.listRollbacks({ service, limit: 2, cursor: first.cursor });
    const third = await Store.listRollbacks({ service, limit: 2, cursor: second.cursor });

    // Assess
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.id);
    expect(ids).toEqual(records.map((item) => item.id).reverse());
    expect(first.cursor).toBeDefined();
    expect(third.items).toHaveLength(1);
  });

  it("reads past whole pages of other services' rollbacks to fill a service's page", async () => {
    // Prepare: 30 newer rollbacks of another service fill the first Query page (25 items) and
    // part of the second, so the service's own are found only by following LastEvaluatedKey.
    const service = unique("svc");
    const other = unique("svc");
    const own = [0, 1, 2].map((minute) => record(service, 300 + minute));
    for (const item of own) await Store.putRollback(item);
    for (let i = 0; i < 30; i++) await Store.putRollback(record(other, 400 + i));

    // Act
    const first = await Store.listRollbacks({ service, limit: 2 });
    const second = await Store.listRollbacks({ service, limit: 2, cursor: first.cursor });

    // Assess
    expect(first.items.map((item) => item.id)).toEqual([own[2]?.id, own[1]?.id]);
    expect(second.items.map((item) => item.id)).toEqual([own[0]?.id]);
  });

  it("lists every service's rollbacks newest first", async () => {
    // Prepare
    const newest = [record(unique("svc"), 500), record(unique("svc"), 501)];
    for (const item of newest) await Store.putRollback(item);

    // Act
    const page = await Store.listRollbacks({ limit: 2 });
    const next = await Store.listRollbacks({ limit: 3, cursor: page.cursor });

    // Assess
    expect(page.items.map((item) => item.id)).toEqual([newest[1]?.id, newest[0]?.id]);
    expect(next.items).toHaveLength(3);
    expect(next.items.every((item) => item.startedAt < at(500))).toBe(true);
  });

  it("refuses a cursor it did not make", async () => {
    // Prepare
    const forged = Buffer.from(JSON.stringify({ pk: "LEDGER#x", sk: "LEDGER" })).toString(
      "base64url",
    );

    // Act
    const forgedKey = await failureOf(Store.listRollbacks({ limit: 5, cursor: forged }));
    const garbage = await failureOf(Store.listRollbacks({ limit: 5, cursor: "%%%" }));
    const badLimit = await failureOf(Store.listRollbacks({ limit: 0 }));

    // Assess
    expect(forgedKey).toBeInstanceOf(InputError);
    expect(garbage).toBeInstanceOf(InputError);
    expect(badLimit).toBeInstanceOf(InputError);
  });

  it("counts a service's shifting rollbacks since a time (the daily cap)", async () => {
    // Prepare
    const service = unique("svc");
    await Store.putRollback(record(service, 200, { status: "rolled-back" }));
    await Store.putRollback(record(service, 210, { status: "rolled-back-with-warnings" }));
    await Store.putRollback(record(service, 220, { status: "held" }));
    await Store.putRollback(record(service, 100, { status: "rolled-back" }));
    await Store.putRollback(record(unique("svc"), 230, { status: "rolled-back" }));

    // Act
    const count = await Store.countRollbacksSince(service, at(150));

    // Assess
    expect(count).toBe(2);
  });
});
