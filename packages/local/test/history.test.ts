import { describe, expect, it } from "vitest";
import * as Release from "@ripcord/core/release";
import { aliasMoves, replay, routingAfter } from "../src/history.ts";

const NOW = "2026-11-27T14:00:00.000Z";
const ago = (minutes: number): string => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

describe("alias moves", () => {
  it("gives a canary the most recent full release before it as its primary", () => {
    // Act
    const moves = aliasMoves([
      { version: "19", at: ago(9000) },
      { version: "20", at: ago(3000) },
      { version: "21", at: ago(9), weight: 0.5 },
    ]);

    // Assess
    expect(moves).toEqual([
      { routing: { version: "19", weights: {} }, at: ago(9000) },
      { routing: { version: "20", weights: {} }, at: ago(3000) },
      { routing: { version: "20", weights: { "21": 0.5 } }, at: ago(9) },
    ]);
    expect(routingAfter([{ version: "7" }, { version: "8", weight: 0.1 }])).toEqual({
      version: "7",
      weights: { "8": 0.1 },
    });
  });

  it("refuses a canary without a full release before it, and an empty history", () => {
    expect(() => aliasMoves([{ version: "3", at: ago(5), weight: 0.5 }])).toThrow(
      "the canary of version 3 has no full release before it",
    );
    expect(() => routingAfter([])).toThrow("a history needs at least one release");
  });
});

describe("replay", () => {
  it("builds the ledger a reconciler would have: proven, unproven and current releases", () => {
    // Act
    const ledger = replay(
      [
        { version: "22", at: ago(2900) },
        { version: "23", at: ago(28) },
        { version: "24", at: ago(8) },
      ],
      ago(0),
      60,
    );

    // Assess
    expect(ledger.map((r) => [r.version, r.knownGoodAt, r.replacedAt])).toEqual([
      ["22", ago(2900), ago(28)],
      ["23", undefined, ago(8)],
      ["24", undefined, undefined],
    ]);
  });

  it("gives a canary the most recent full release before it as its primary", () => {
    // Act
    const ledger = replay(
      [
        { version: "19", at: ago(9000) },
        { version: "20", at: ago(3000) },
        { version: "21", at: ago(9), weight: 0.5 },
      ],
      ago(0),
      60,
    );

    // Assess
    expect(ledger.at(-1)).toMatchObject({ version: "21", weight: 0.5, primaryVersion: "20" });
    expect(Release.target(ledger).target?.version).toBe("20");
  });

  it("marks the current release known-good once the window has passed by now", () => {
    // Act
    const ledger = replay(
      [
        { version: "13", at: ago(10_080) },
        { version: "14", at: ago(4320) },
      ],
      ago(0),
      60,
    );

    // Assess
    expect(ledger.at(-1)?.knownGoodAt).toBe(ago(4260));
  });
});
