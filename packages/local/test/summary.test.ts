import { describe, expect, it } from "vitest";
import { matches, type AliasReport } from "../src/summary.ts";

function alias(before: AliasReport["before"], after: AliasReport["after"]): AliasReport {
  return { function: "demo-api", name: "production", before, after };
}

describe("matched", () => {
  it("holds for a rollback that lands on the expected version with no weights", () => {
    // Act
    const landed = matches(
      "rollback",
      "20",
      "rolled-back",
      alias({ version: "20", weights: { "21": 0.5 } }, { version: "20", weights: {} }),
    );
    const weighted = matches(
      "rollback",
      "20",
      "rolled-back",
      alias({ version: "20", weights: { "21": 0.5 } }, { version: "20", weights: { "21": 0.5 } }),
    );
    const elsewhere = matches(
      "rollback",
      "7",
      "rolled-back",
      alias({ version: "8", weights: {} }, { version: "6", weights: {} }),
    );

    // Assess
    expect([landed, weighted, elsewhere]).toEqual([true, false, false]);
  });

  it("holds for a hold only when the alias ended exactly as it began and nothing failed", () => {
    // Prepare
    const same = alias(
      { version: "3", weights: { "4": 0.1 } },
      { version: "3", weights: { "4": 0.1 } },
    );
    const moved = alias({ version: "3", weights: {} }, { version: "2", weights: {} });

    // Act
    const results = [
      matches("hold", undefined, "held", same),
      matches("hold", undefined, "no-alarm", same),
      matches("hold", undefined, "failed", same),
      matches("hold", undefined, "rolled-back", moved),
    ];

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});
