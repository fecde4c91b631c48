import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import { ago, minutes } from "./support/builders.ts";

const thresholds = { errorRatePercent: 5, latencyMs: 1500 };
/** Shifted 4 minutes ago, half-way through a minute; "now" is mid-minute too. */
const base = { now: ago(-0.5), shiftedAt: ago(4.5), periodSeconds: 60, thresholds };

describe("confirm", () => {
  it("reports recovered when the latest complete period after the shift is within both thresholds", () => {
    // Prepare: the minute of the shift still fails, the ones after it do not.
    const alias = minutes({
      5: { invocations: 1000, errors: 150, latencyMs: 130 },
      4: { invocations: 1000, errors: 9, latencyMs: 130 },
      1: { invocations: 1000, errors: 4, latencyMs: 128 },
    });

    // Act
    const result = Verify.confirm({ ...base, alias });

    // Assess
    expect(result.outcome).toBe("recovered");
    expect(result.numbers).toMatchObject({
      periodStart: ago(1),
      errorRatePercent: 0.4,
      periodsWithTraffic: 2,
    });
  });

  it("reports not recovered when the latest complete period still breaches", () => {
    // Prepare
    const alias = minutes({
      2: { invocations: 1000, errors: 4, latencyMs: 130 },
      1: { invocations: 1000, errors: 4, latencyMs: 2400 },
    });

    // Act
    const result = Verify.confirm({ ...base, alias });

    // Assess
    expect(result.outcome).toBe("not-recovered");
    expect(result.reason).toContain("2400 ms");
  });

  it("reports unknown without traffic after the shift, ignoring the period still running", () => {
    // Prepare: traffic only before the shift and in the current, incomplete minute.
    const alias = minutes({
      6: { invocations: 1000, errors: 150 },
      0: { invocations: 1000, errors: 0 },
    });

    // Act
    const result = Verify.confirm({ ...base, alias });

    // Assess
    expect(result.outcome).toBe("unknown");
    expect(result.numbers.periodsWithTraffic).toBe(0);
  });
});
