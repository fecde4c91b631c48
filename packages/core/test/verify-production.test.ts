import { describe, expect, it } from "vitest";
import { recheckNumber, recheckWanted } from "@ripcord/core/rollback";
import * as Verify from "@ripcord/core/verify";
import {
  LATENCY_ALARM,
  ago,
  chain,
  input,
  minutes,
  release,
  steady,
  type Traffic,
} from "./support/builders.ts";

/*
 * What the bench's production scoring (delays on, re-checks) found: a quiet function's ordinary
 * per-minute latency swing read as a regression, a canary compared with its primary's minutes from
 * before it existed, and a "burst is over" hold on one lull while the alarm stayed in ALARM.
 */

/** Known-good "7"'s hour before "8" replaced it 12 minutes ago: 200 ms a minute, one minute in six at `high`. */
function swingingBaseline(high: number): Record<number, Traffic> {
  const rows: Record<number, Traffic> = {};
  for (let m = 72; m >= 13; m--) rows[m] = { requests: 15, latencyMs: m % 6 === 0 ? high : 200 };
  return rows;
}

describe("rule 4, latency: beyond the baseline hour's own spread", () => {
  it("holds when every period is 1.5x the median but within what the known-good version's ordinary minutes reach", () => {
    // Prepare: the median is 200 ms (1.5x: 300 ms), but one minute in six of version 7 reached 520 ms.
    const byVersion = {
      "7": minutes(swingingBaseline(520)),
      "8": minutes({
        ...steady(12, 4, { requests: 15, latencyMs: 210 }),
        ...steady(3, 1, { requests: 15, latencyMs: 450 }),
      }),
    };

    // Act
    const decision = Verify.decide(
      input({ alarm: { ...LATENCY_ALARM, threshold: 400 }, byVersion }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.numbers).toMatchObject({
      baselineMedianLatencyMs: 200,
      baselineHighLatencyMs: 520,
      requiredLatencyMs: 520,
    });
    expect(decision.reason).toContain("95th-percentile period");
  });

  it("rolls back when every period is also slower than that spread", () => {
    // Prepare
    const byVersion = {
      "7": minutes(swingingBaseline(520)),
      "8": minutes({
        ...steady(12, 4, { requests: 15, latencyMs: 210 }),
        ...steady(3, 1, { requests: 15, latencyMs: 600 }),
      }),
    };

    // Act
    const decision = Verify.decide(
      input({ alarm: { ...LATENCY_ALARM, threshold: 400 }, byVersion }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback", rule: "effect", targetVersion: "7" });
  });

  it("keeps 1.5x and +100 ms as the bar when the baseline's minutes stay close to its median", () => {
    // Prepare: a steady version 7 (its 95th percentile is its median).
    const byVersion = {
      "7": minutes(steady(72, 13, { requests: 900, latencyMs: 200 })),
      "8": minutes(steady(12, 1, { requests: 900, latencyMs: 310 })),
    };

    // Act
    const decision = Verify.decide(
      input({ alarm: { ...LATENCY_ALARM, threshold: 300 }, byVersion }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers.requiredLatencyMs).toBe(300);
  });
});

describe("rule 4, a canary's concurrent baseline", () => {
  it("counts only the periods the canary served, not the primary's clean minutes before it", () => {
    // Prepare: canary 21 took half the traffic 3 minutes ago, as a dependency began failing 30% of
    // both versions' requests; the window's first two minutes saw version 20 alone, clean.
    const ledger = chain(
      release("20", 3000, { knownGoodAt: ago(2940) }),
      release("21", 3, { weight: 0.5, primaryVersion: "20" }),
    );
    const byVersion = {
      "20": minutes({
        ...steady(60, 4, { requests: 800 }),
        ...steady(3, 1, { requests: 400, errors: 120 }),
      }),
      "21": minutes(steady(3, 1, { requests: 400, errors: 124 })),
    };

    // Act
    const decision = Verify.decide(
      input({
        ledger,
        alarm: { ...LATENCY_ALARM, kind: "errorRate", threshold: 20, evaluationPeriods: 5 },
        byVersion,
      }),
    );

    // Assess: 30% against 31%: no effect, where the whole window would have diluted 20 to 11%.
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.numbers).toMatchObject({ baselineStart: ago(3), baselineErrors: 360 });
  });
});

describe("the reconciler's re-checks", () => {
  const hold = (rule: string, onset: string | null) => ({
    verdict: "hold",
    rule,
    numbers: { onset },
  });

  it("follow a hold on rule 4 and a hold on a burst that looked over, nothing else", () => {
    // Act / Assess
    expect(recheckWanted("hold", hold("effect", ago(3)))).toBe(true);
    expect(recheckWanted("hold", hold("attributable", null))).toBe(true);
    expect(recheckWanted("hold", hold("attributable", ago(90)))).toBe(false);
    expect(recheckWanted("hold", hold("target", null))).toBe(false);
    expect(recheckWanted("inconclusive", { verdict: "inconclusive", rule: "baseline" })).toBe(
      false,
    );
    expect(recheckWanted("rollback", hold("effect", ago(3)))).toBe(false);
  });

  it("are numbered by the minutes since the state change, for recheckMinutes", () => {
    // Prepare
    const change = Date.parse(ago(0)) + 20_000;

    // Act / Assess: the tick of the change's own minute is not after it; the tenth minute is the last.
    expect(recheckNumber(change, Date.parse(ago(0)), 10)).toBeUndefined();
    expect(recheckNumber(change, Date.parse(ago(-1)), 10)).toBe(1);
    expect(recheckNumber(change, Date.parse(ago(-10)), 10)).toBe(10);
    expect(recheckNumber(change, Date.parse(ago(-11)), 10)).toBeUndefined();
  });
});
