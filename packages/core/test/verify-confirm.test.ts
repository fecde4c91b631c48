import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import { ago, minutes } from "./support/builders.ts";

const thresholds = { errorRatePercent: 5, latencyMs: 1500 };
/** Shifted 4 minutes ago, half-way through a minute, to version 7; "now" is mid-minute too. */
const base = { now: ago(-0.5), shiftedAt: ago(4.5), periodSeconds: 60, thresholds, version: "7" };

describe("confirm", () => {
  it("reports recovered when the target's latest complete period after the shift is within both thresholds", () => {
    // Prepare: the minute of the shift still fails, the ones after it do not.
    const stats = minutes({
      5: { requests: 1000, errors: 150, latencyMs: 130 },
      4: { requests: 1000, errors: 9, latencyMs: 130 },
      1: { requests: 1000, errors: 4, latencyMs: 128 },
    });

    // Act
    const result = Verify.confirm({ ...base, stats });

    // Assess
    expect(result.outcome).toBe("recovered");
    expect(result.reason).toContain("version 7 itself");
    expect(result.numbers).toMatchObject({
      version: "7",
      periodStart: ago(1),
      errorRatePercent: 0.4,
      periodsWithTraffic: 2,
    });
  });

  it("reports not recovered when the target's latest complete period still breaches", () => {
    // Prepare
    const stats = minutes({
      2: { requests: 1000, errors: 4, latencyMs: 130 },
      1: { requests: 1000, errors: 4, latencyMs: 2400 },
    });

    // Act
    const result = Verify.confirm({ ...base, stats });

    // Assess
    expect(result.outcome).toBe("not-recovered");
    expect(result.reason).toContain("2400 ms");
  });

  it("reports unknown without traffic after the shift, ignoring the period still running", () => {
    // Prepare: traffic only before the shift and in the current, incomplete minute.
    const stats = minutes({
      6: { requests: 1000, errors: 150 },
      0: { requests: 1000, errors: 0 },
    });

    // Act
    const result = Verify.confirm({ ...base, stats });

    // Assess
    expect(result.outcome).toBe("unknown");
    expect(result.numbers.periodsWithTraffic).toBe(0);
  });

  it("judges only published periods: the latest one not published yet decides nothing", () => {
    // Prepare: the minute before "now" fails but is not published; the one before it is healthy.
    const stats = minutes({
      3: { requests: 1000, errors: 4, latencyMs: 130 },
      1: { requests: 1000, errors: 400, latencyMs: 130 },
    });

    // Act: metrics are published up to 1.5 minutes before "now" (the minute 1 ago ends 0.5 before it).
    const onTime = Verify.confirm({ ...base, stats });
    const late = Verify.confirm({ ...base, stats, knownUntil: ago(1) });

    // Assess
    expect(onTime.outcome).toBe("not-recovered");
    expect(late.outcome).toBe("recovered");
    expect(late.numbers).toMatchObject({ periodStart: ago(3), knownUntil: ago(1) });
  });

  it("is unknown, never recovered, when no period after the shift is published yet", () => {
    // Prepare
    const stats = minutes({
      2: { requests: 1000, errors: 4 },
      1: { requests: 1000, errors: 4 },
    });

    // Act
    const result = Verify.confirm({ ...base, stats, knownUntil: ago(4) });

    // Assess
    expect(result.outcome).toBe("unknown");
    expect(result.reason).toContain("published");
  });
});
