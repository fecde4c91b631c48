import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import {
  ERROR_ALARM,
  LATENCY_ALARM,
  input,
  minutes,
  steady,
  type Traffic,
} from "./support/builders.ts";

/**
 * Version 8 took traffic 12 minutes ago; the evaluation window is the last 3 minutes. The alarm's
 * threshold sits between the baseline rate and the window's, so that the onset is the deploy.
 */
function errorsCase(
  threshold: number,
  baseline: Traffic,
  window: Record<number, Traffic>,
  before: Traffic = window[3] ?? { requests: 0 },
) {
  const byVersion = {
    "7": minutes(steady(72, 13, baseline)),
    "8": minutes({ ...steady(12, 4, before), ...window }),
  };
  return Verify.decide(input({ alarm: { ...ERROR_ALARM, threshold }, byVersion }));
}

const sameEachMinute = (traffic: Traffic) => steady(3, 1, traffic);

describe("rule 4, errors: significant, at least +2 points and 2x, and still in the last period", () => {
  it("rolls back at exactly +2 percentage points (1% -> 3%)", () => {
    // Act
    const decision = errorsCase(
      1.5,
      { requests: 1000, errors: 10 },
      sameEachMinute({ requests: 1000, errors: 30 }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback", rule: "effect" });
    expect(decision.numbers).toMatchObject({
      baselineErrorRatePercent: 1,
      currentErrors: 90,
      currentRequests: 3000,
    });
  });

  it("holds just under +2 percentage points (1% -> 2.9%)", () => {
    // Act
    const decision = errorsCase(
      1.5,
      { requests: 1000, errors: 10 },
      sameEachMinute({ requests: 1000, errors: 29 }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.reason).toContain("1.90 points");
  });

  it("rolls back at exactly twice the baseline rate (3% -> 6%)", () => {
    // Act
    const decision = errorsCase(
      4,
      { requests: 1000, errors: 30 },
      sameEachMinute({ requests: 1000, errors: 60 }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers.rateRatio).toBeCloseTo(2, 12);
  });

  it("holds just under twice the baseline rate (3% -> 5.9%)", () => {
    // Act
    const decision = errorsCase(
      4,
      { requests: 1000, errors: 30 },
      sameEachMinute({ requests: 1000, errors: 59 }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.reason).toContain("1.97x");
  });

  it("flips exactly where Fisher's p crosses 0.01, with the effect size met on both sides", () => {
    // Prepare: 1% baseline; 50 requests a minute in the window, 2 of the errors in the last minute.
    const baseline = { requests: 1000, errors: 10 };
    const p = (errors: number) =>
      Verify.fisherOneSided({ errors, total: 150, baselineErrors: 600, baselineTotal: 60_000 });
    let significantAt = 1;
    while (p(significantAt) >= Verify.MAX_P_VALUE) significantAt++;
    const window = (errors: number) => ({
      3: { requests: 50, errors: errors - 2 - Math.floor((errors - 2) / 2) },
      2: { requests: 50, errors: Math.floor((errors - 2) / 2) },
      1: { requests: 50, errors: 2 },
    });
    expect((significantAt - 1) / 150).toBeGreaterThanOrEqual(0.03);

    // Act
    const below = errorsCase(1.5, baseline, window(significantAt), { requests: 50, errors: 0 });
    const above = errorsCase(1.5, baseline, window(significantAt - 1), {
      requests: 50,
      errors: 0,
    });

    // Assess
    expect(below).toMatchObject({ verdict: "rollback" });
    expect(below.numbers.pValue).toBeLessThan(0.01);
    expect(above).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(above.numbers.pValue).toBeGreaterThanOrEqual(0.01);
    expect(above.reason).toContain("not significant");
  });

  it("holds when the last complete period alone no longer shows the effect", () => {
    // Prepare: 15% for two minutes, 6% in the last one against a 4% baseline (needs 8%).
    const window = {
      3: { requests: 1000, errors: 150 },
      2: { requests: 1000, errors: 150 },
      1: { requests: 1000, errors: 60 },
    };

    // Act
    const decision = errorsCase(5, { requests: 1000, errors: 40 }, window);

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.numbers.lastPeriodErrorRatePercent).toBe(6);
    expect(decision.reason).toContain("last period");
  });

  it("holds when the current version served nothing in the window", () => {
    // Prepare: the alias breaches through another version's traffic only.
    const byVersion = {
      "7": minutes(steady(72, 13, { requests: 1000, errors: 4 })),
      "8": minutes(steady(12, 4, { requests: 1000, errors: 150 })),
      "9": minutes(steady(12, 1, { requests: 1000, errors: 150 })),
    };

    // Act
    const decision = Verify.decide(input({ byVersion }));

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.numbers.currentRequests).toBe(0);
  });
});

describe("rule 4, latency: every period at least 1.5x and +100 ms the baseline median", () => {
  /** The latency alarm at 500 ms; version 8 ran at 900 ms before the window. */
  function latencyCase(baselineMs: number, windowMs: Record<number, number>) {
    const window: Record<number, Traffic> = {};
    for (const [m, latencyMs] of Object.entries(windowMs))
      window[Number(m)] = { requests: 600, latencyMs };
    const byVersion = {
      "7": minutes(steady(72, 13, { requests: 600, latencyMs: baselineMs })),
      "8": minutes({ ...steady(12, 4, { requests: 600, latencyMs: 900 }), ...window }),
    };
    return Verify.decide(input({ alarm: { ...LATENCY_ALARM, threshold: 500 }, byVersion }));
  }

  it("rolls back at exactly 1.5x the median (400 ms -> 600 ms in every period)", () => {
    // Act
    const decision = latencyCase(400, { 3: 600, 2: 600, 1: 600 });

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback", rule: "effect" });
    expect(decision.numbers).toMatchObject({
      baselineMedianLatencyMs: 400,
      requiredLatencyMs: 600,
      currentMinLatencyMs: 600,
    });
  });

  it("holds when one period of the window stays under 1.5x the median", () => {
    // Act
    const decision = latencyCase(400, { 3: 600, 2: 599, 1: 600 });

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.reason).toContain("13:58 (599 ms)");
  });

  it("needs at least +100 ms where 1.5x is less (median 150 ms: 250 ms passes, 249 ms does not)", () => {
    // Prepare: a latency alarm with a low threshold, so that these periods breach.
    const alarm = { ...LATENCY_ALARM, threshold: 200 };
    const at = (ms: number) => {
      const byVersion = {
        "7": minutes(steady(72, 13, { requests: 600, latencyMs: 150 })),
        "8": minutes(steady(12, 1, { requests: 600, latencyMs: ms })),
      };
      return Verify.decide(input({ alarm, byVersion }));
    };

    // Act + Assess
    expect(at(250)).toMatchObject({ verdict: "rollback" });
    expect(at(249)).toMatchObject({ verdict: "hold", rule: "effect" });
  });

  it("is inconclusive without baseline latency", () => {
    // Prepare
    const byVersion = { "8": minutes(steady(12, 1, { requests: 600, latencyMs: 2400 })) };

    // Act
    const decision = Verify.decide(input({ alarm: LATENCY_ALARM, byVersion }));

    // Assess
    expect(decision).toMatchObject({ verdict: "inconclusive", rule: "baseline" });
  });
});
