import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import { ERROR_ALARM, NOW, ago, chain, input, release } from "./support/builders.ts";

const requiredFor = (ledger = input().ledger) => {
  const { metrics: _unused, ...rest } = input({ ledger });
  return Verify.requiredMetrics(rest);
};

describe("requiredMetrics", () => {
  it("asks for the alias from one period before the release, the current version over the window and the baseline hour", () => {
    // Act
    const required = requiredFor();

    // Assess
    expect(required).toEqual({
      from: ago(72),
      to: NOW,
      periodSeconds: ERROR_ALARM.periodSeconds,
      alias: { from: ago(13), to: NOW },
      byVersion: { "8": { from: ago(3), to: NOW }, "7": { from: ago(72), to: ago(12) } },
      versions: ["8", "7"],
    });
  });

  it("asks for a canary's known-good version over the same window as the canary", () => {
    // Prepare
    const ledger = chain(
      release("20", 3000, { knownGoodAt: ago(2940) }),
      release("21", 9, { weight: 0.5, primaryVersion: "20" }),
    );

    // Act
    const required = requiredFor(ledger);

    // Assess
    expect(required.byVersion).toEqual({
      "21": { from: ago(3), to: NOW },
      "20": { from: ago(3), to: NOW },
    });
    expect(required.alias).toEqual({ from: ago(10), to: NOW });
  });

  it("looks back for the onset at most 24 hours", () => {
    // Prepare
    const ledger = chain(
      release("13", 10_080, { knownGoodAt: ago(10_020) }),
      release("14", 4320, { knownGoodAt: ago(4260) }),
    );

    // Act
    const required = requiredFor(ledger);

    // Assess
    expect(required.alias).toEqual({ from: ago(24 * 60), to: NOW });
    expect(required.byVersion["13"]).toEqual({ from: ago(4380), to: ago(4320) });
  });

  it("asks only for the alias and the current version without a target", () => {
    // Prepare
    const ledger = chain(release("7", 3000), release("8", 12));

    // Act
    const required = requiredFor(ledger);

    // Assess
    expect(required.versions).toEqual(["8"]);
    expect(required.from).toBe(ago(13));
  });
});
