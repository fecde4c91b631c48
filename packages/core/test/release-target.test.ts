import { describe, expect, it } from "vitest";
import * as Release from "@ripcord/core/release";
import { ago, chain, release } from "./support/builders.ts";

describe("target", () => {
  it("is empty for an empty ledger", () => {
    // Act + Assess
    expect(Release.target([])).toEqual({ irreversible: [] });
  });

  it("skips an unproven intermediate release to the most recent known-good one", () => {
    // Prepare
    const ledger = chain(
      release("22", 2900, { knownGoodAt: ago(2840) }),
      release("23", 28),
      release("24", 8),
    );

    // Act
    const { current, target } = Release.target(ledger);

    // Assess
    expect(current?.version).toBe("24");
    expect(target?.version).toBe("22");
  });

  it("returns a canary to its known-good primary", () => {
    // Prepare
    const ledger = chain(
      release("20", 3000, { knownGoodAt: ago(2940) }),
      release("21", 9, { weight: 0.5, primaryVersion: "20" }),
    );

    // Act + Assess
    expect(Release.target(ledger).target?.version).toBe("20");
  });

  it("looks past a proven current release and past known-bad ones", () => {
    // Prepare
    const ledger = chain(
      release("12", 9000, { knownGoodAt: ago(8940) }),
      release("13", 6000, { knownGoodAt: ago(5940), knownBadAt: ago(5000) }),
      release("14", 4320, { knownGoodAt: ago(4260) }),
    );

    // Act + Assess
    expect(Release.target(ledger).target?.version).toBe("12");
  });

  it("lists irreversible releases after the target up to and including the current one", () => {
    // Prepare
    const ledger = chain(
      release("5", 9000, { knownGoodAt: ago(8940), reversible: false }),
      release("6", 5000, { knownGoodAt: ago(4940) }),
      release("7", 30, { reversible: false }),
      release("8", 20),
      release("9", 10, { reversible: false }),
    );

    // Act
    const { target, irreversible } = Release.target(ledger);

    // Assess
    expect(target?.version).toBe("6");
    expect(irreversible.map((r) => r.version)).toEqual(["7", "9"]);
  });
});
