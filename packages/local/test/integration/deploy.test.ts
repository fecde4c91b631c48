import { describe, expect, it } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { ripcordTable } from "../../../../tests/support/aws.ts";
import { unique } from "../../../../tests/support/unique.ts";
import { deployFunction } from "../../src/deploy.ts";

const MINUTE = 60_000;
const NOW = "2026-11-27T14:00:00.000Z";
const ago = (minutes: number): string => new Date(Date.parse(NOW) - minutes * MINUTE).toISOString();

describe("the sandbox's watched function, deployed into moto", () => {
  it("moves the alias through its history and lets core's reconciler build and mark the ledger", async () => {
    // Prepare
    await ripcordTable();
    const name = unique("shop-api");

    // Act
    const { versions, ledger } = await deployFunction(
      {
        service: "shop",
        name,
        alias: "live",
        highestVersion: 3,
        stabilityWindowMinutes: 60,
        moves: [
          { routing: { version: "1", weights: {} }, at: ago(600) },
          { routing: { version: "2", weights: {} }, at: ago(120) },
          { routing: { version: "2", weights: { "3": 0.25 } }, at: ago(30) },
        ],
      },
      NOW,
    );

    // Assess: the alias where the last move left it; the ledger as the reconciler records it,
    // each full release known-good once it served 60 minutes, the canary not.
    const alias = await Lambda.getAlias(name, "live");
    const stored = await Store.loadLedger(name, "live");
    expect(versions).toEqual(["1", "2", "3"]);
    expect({ version: alias.version, weights: alias.weights }).toEqual({
      version: "2",
      weights: { "3": 0.25 },
    });
    expect(stored.releases).toEqual(ledger);
    expect(ledger).toEqual([
      { version: "1", takenAt: ago(600), knownGoodAt: ago(600), replacedAt: ago(120) },
      { version: "2", takenAt: ago(120), knownGoodAt: ago(60), replacedAt: ago(30) },
      { version: "3", takenAt: ago(30), weight: 0.25, primaryVersion: "2" },
    ]);
  });
});
