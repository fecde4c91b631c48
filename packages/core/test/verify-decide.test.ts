import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import {
  ERROR_ALARM,
  NOW,
  ago,
  chain,
  input,
  minutes,
  release,
  steady,
  type Traffic,
} from "./support/builders.ts";

/** Known-good "7" served 1000 requests a minute at 0.4% errors in the hour before "8" replaced it 12 minutes ago. */
const BASELINE_7 = minutes(steady(72, 13, { requests: 1000, errors: 4, latencyMs: 120 }));

/** Version 8 since it took traffic: `recent` overrides the last minutes. */
function version8(regular: Traffic, recent: Record<number, Traffic> = {}) {
  return minutes({ ...steady(12, 1, regular), ...recent });
}

describe("rule 1: a target", () => {
  it("holds with an empty ledger", () => {
    // Act
    const decision = Verify.decide(input({ ledger: [] }));

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "target" });
  });

  it("holds without a known-good release to return to", () => {
    // Prepare
    const ledger = chain(release("7", 3000), release("8", 12));

    // Act
    const decision = Verify.decide(
      input({
        ledger,
        byVersion: { "7": BASELINE_7, "8": version8({ requests: 1000, errors: 150 }) },
      }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "target", currentVersion: "8" });
    expect(decision.reason).toContain("No known-good release");
  });

  it("holds when a release between the target and the current one is irreversible", () => {
    // Prepare
    const ledger = chain(
      release("7", 3000, { knownGoodAt: ago(2940) }),
      release("8", 30, { reversible: false, migration: "0042_drop_orders_note" }),
      release("9", 12),
    );

    // Act
    const decision = Verify.decide(
      input({ ledger, byVersion: { "9": version8({ requests: 1000, errors: 150 }) } }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "target", targetVersion: "7" });
    expect(decision.reason).toContain("0042_drop_orders_note");
    expect(decision.numbers.irreversibleVersions).toBe("8");
  });
});

describe("rule 2: attributable", () => {
  it("holds when the alias breached before the current version took traffic", () => {
    // Prepare: version 7 already failed 10% in the minutes before the deploy.
    const before = minutes({
      ...steady(72, 21, { requests: 1000, errors: 4 }),
      ...steady(20, 13, { requests: 1000, errors: 100 }),
    });

    // Act
    const decision = Verify.decide(
      input({ byVersion: { "7": before, "8": version8({ requests: 1000, errors: 100 }) } }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "attributable" });
    expect(decision.numbers.onset).toBe(ago(13));
    expect(decision.reason).toContain("predates the release");
  });

  it("accepts an onset exactly when the current version took traffic", () => {
    // Act
    const decision = Verify.decide(
      input({ byVersion: { "7": BASELINE_7, "8": version8({ requests: 1000, errors: 150 }) } }),
    );

    // Assess
    expect(decision).toMatchObject({
      verdict: "rollback",
      targetVersion: "7",
      currentVersion: "8",
    });
    expect(decision.numbers.onset).toBe(ago(12));
    expect(decision.numbers.currentTookTrafficAt).toBe(ago(12));
  });

  it("counts the period in which the version took traffic as its own", () => {
    // Prepare: the deploy landed half-way through the minute 13 minutes ago.
    const ledger = chain(release("7", 3000, { knownGoodAt: ago(2940) }), release("8", 12.5));
    const byVersion = {
      "7": minutes(steady(73, 14, { requests: 1000, errors: 4 })),
      "8": minutes(steady(13, 1, { requests: 1000, errors: 150 })),
    };

    // Act
    const decision = Verify.decide(input({ ledger, byVersion }));

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers.onset).toBe(ago(13));
  });

  const lateOnset = (tookMinutesAgo: number) => {
    const ledger = chain(
      release("7", 5000, { knownGoodAt: ago(4940) }),
      release("8", tookMinutesAgo),
    );
    const byVersion = {
      "7": minutes(steady(tookMinutesAgo + 60, tookMinutesAgo + 1, { requests: 1000, errors: 4 })),
      "8": minutes({
        ...steady(tookMinutesAgo, 3, { requests: 1000, errors: 4 }),
        ...steady(2, 1, { requests: 1000, errors: 150 }),
      }),
    };
    return Verify.decide(input({ ledger, byVersion }));
  };

  it("accepts an onset exactly at the end of the stability window", () => {
    // Act: took traffic 62 minutes ago, onset 2 minutes ago = 60 minutes later.
    const decision = lateOnset(62);

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers.onset).toBe(ago(2));
  });

  it("holds when the onset comes after the stability window: the release had proven itself", () => {
    // Act: took traffic 63 minutes ago, onset 61 minutes later.
    const decision = lateOnset(63);

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "attributable" });
    expect(decision.reason).toContain("proven itself");
  });

  it("holds when the last complete period is fine again: the burst is over", () => {
    // Prepare
    const byVersion = {
      "7": BASELINE_7,
      "8": version8({ requests: 1000, errors: 150 }, { 1: { requests: 1000, errors: 4 } }),
    };

    // Act
    const decision = Verify.decide(input({ byVersion }));

    // Assess
    expect(decision).toMatchObject({ verdict: "hold", rule: "attributable" });
    expect(decision.numbers.onset).toBeNull();
    expect(decision.reason).toContain("burst is over");
  });
});

describe("rule 3: baseline", () => {
  const noBaseline = { "8": version8({ requests: 1000, errors: 150 }) };

  it("is inconclusive when the known-good version has no traffic in its baseline window", () => {
    // Act
    const decision = Verify.decide(input({ byVersion: noBaseline }));

    // Assess
    expect(decision).toMatchObject({
      verdict: "inconclusive",
      rule: "baseline",
      targetVersion: "7",
    });
    expect(decision.numbers).toMatchObject({
      baselineVersion: "7",
      baselineStart: ago(72),
      baselineEnd: ago(12),
    });
  });

  it("rolls back anyway where the policy says onInconclusive: rollback, and says so", () => {
    // Act
    const decision = Verify.decide(
      input({
        byVersion: noBaseline,
        policy: { stabilityWindowMinutes: 60, onInconclusive: "rollback" },
      }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback", rule: "baseline", targetVersion: "7" });
    expect(decision.reason).toContain('onInconclusive: "rollback"');
  });

  it("takes a canary's baseline from the known-good version's concurrent traffic", () => {
    // Prepare: version 20 has traffic only beside the canary, so no other baseline would exist.
    const ledger = chain(
      release("20", 3000, { knownGoodAt: ago(2940) }),
      release("21", 9, { weight: 0.5, primaryVersion: "20" }),
    );
    const byVersion = {
      "20": minutes(steady(9, 1, { requests: 800, errors: 2 })),
      "21": minutes(steady(9, 1, { requests: 800, errors: 96 })),
    };

    // Act
    const decision = Verify.decide(input({ ledger, byVersion }));

    // Assess
    expect(decision).toMatchObject({
      verdict: "rollback",
      targetVersion: "20",
      currentVersion: "21",
    });
    expect(decision.numbers).toMatchObject({
      baselineKind: "concurrent",
      baselineStart: ago(3),
      baselineEnd: NOW,
      baselineErrors: 6,
    });
  });

  it("compares with the known-good version, not an unproven release in between", () => {
    // Prepare
    const ledger = chain(
      release("22", 2900, { knownGoodAt: ago(2840) }),
      release("23", 28),
      release("24", 8),
    );
    const byVersion = {
      "22": minutes(steady(88, 29, { requests: 700, errors: 3 })),
      "23": minutes(steady(28, 9, { requests: 700, errors: 2 })),
      "24": minutes(steady(8, 1, { requests: 700, errors: 140 })),
    };

    // Act
    const decision = Verify.decide(input({ ledger, byVersion }));

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback", targetVersion: "22" });
    expect(decision.numbers).toMatchObject({
      baselineVersion: "22",
      baselineStart: ago(88),
      baselineEnd: ago(28),
      baselineErrors: 180,
    });
  });
});

describe("the evaluation window", () => {
  it("ends with the most recent complete period before now, from the input and not the clock", () => {
    // Prepare
    const now = new Date(Date.parse(NOW) + 30_000).toISOString();

    // Act
    const decision = Verify.decide(
      input({
        now,
        byVersion: { "7": BASELINE_7, "8": version8({ requests: 1000, errors: 150 }) },
      }),
    );

    // Assess
    expect(decision.numbers).toMatchObject({ now, windowStart: ago(3), windowEnd: NOW });
  });

  it("follows the alarm's evaluationPeriods", () => {
    // Act
    const decision = Verify.decide(
      input({
        alarm: { ...ERROR_ALARM, evaluationPeriods: 5 },
        byVersion: { "7": BASELINE_7, "8": version8({ requests: 1000, errors: 150 }) },
      }),
    );

    // Assess
    expect(decision.numbers).toMatchObject({
      windowStart: ago(5),
      windowEnd: NOW,
      currentRequests: 5000,
      currentErrors: 750,
    });
  });
});

describe("combine", () => {
  const decision = (verdict: Verify.Verdict): Verify.Decision => ({
    verdict,
    rule: "effect",
    reason: verdict,
    alarm: "a",
    function: "f",
    numbers: {},
  });

  it("rolls the service back when any alarm of any function says rollback", () => {
    // Act + Assess
    expect(
      Verify.combine([decision("hold"), decision("rollback"), decision("inconclusive")]).verdict,
    ).toBe("rollback");
  });

  it("reports inconclusive over hold, and hold without decisions", () => {
    // Act + Assess
    expect(Verify.combine([decision("hold"), decision("inconclusive")]).verdict).toBe(
      "inconclusive",
    );
    expect(Verify.combine([])).toEqual({ verdict: "hold", decisions: [] });
  });
});
