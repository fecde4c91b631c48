import { Store } from "@ripcord/core/aws";
import { ConflictError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { ripcordTable } from "../../../../tests/support/aws.ts";
import { unique } from "../../../../tests/support/unique.ts";
import { failureOf } from "../../../../tests/support/failure.ts";

const first = {
  version: "3",
  takenAt: "2026-11-27T08:00:00.000Z",
  knownGoodAt: "2026-11-27T09:00:00.000Z",
};
const second = {
  version: "4",
  takenAt: "2026-11-27T13:00:00.000Z",
  gitSha: "abc123",
  reversible: false,
};

describe("store: release ledger against moto", () => {
  beforeAll(async () => {
    await ripcordTable();
  });

  it("starts empty at revision 0", async () => {
    // Act
    const ledger = await Store.loadLedger(unique("fn"), "production");

    // Assess
    expect(ledger).toEqual({ releases: [], rev: 0 });
  });

  it("saves and loads releases, counting revisions", async () => {
    // Prepare
    const fn = unique("fn");

    // Act
    const rev1 = await Store.saveLedger(fn, "production", [first], 0);
    const rev2 = await Store.saveLedger(
      fn,
      "production",
      [{ ...first, replacedAt: second.takenAt }, second],
      rev1,
    );
    const loaded = await Store.loadLedger(fn, "production");

    // Assess
    expect([rev1, rev2]).toEqual([1, 2]);
    expect(loaded).toEqual({
      releases: [{ ...first, replacedAt: second.takenAt }, second],
      rev: 2,
    });
  });

  it("refuses a save based on a revision that is no longer current", async () => {
    // Prepare
    const fn = unique("fn");
    const rev = await Store.saveLedger(fn, "production", [first], 0);
    await Store.saveLedger(fn, "production", [first, second], rev);

    // Act
    const stale = await failureOf(Store.saveLedger(fn, "production", [first], rev));
    const secondCreate = await failureOf(Store.saveLedger(fn, "production", [first], 0));
    const kept = await Store.loadLedger(fn, "production");

    // Assess
    expect(stale).toBeInstanceOf(ConflictError);
    expect(secondCreate).toBeInstanceOf(ConflictError);
    expect(kept.releases).toEqual([first, second]);
  });
});
