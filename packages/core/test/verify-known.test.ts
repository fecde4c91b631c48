import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import { ago, input, minutes, steady, type Traffic } from "./support/builders.ts";

/*
 * docs/design.md "The decision": the evaluation window is the one the alarm evaluated, and a period
 * whose data is not published yet is not yet known: never healthy, never failing. "Now" is 14:00,
 * the alarm's state change; metrics are published 90 s after their period ends ("Signals"), so at
 * 14:00 the minutes 13:58 and 13:59 are not yet known unless their datapoint is there already.
 * Each case also runs the way Verify read time before (the last complete minutes before "now", all
 * taken as known), to show what it changes.
 */

const KNOWN_UNTIL = ago(1.5);

/** Known-good "7" at 0.4% in the hour before "8" replaced it 12 minutes ago. */
const BASELINE_7 = minutes(steady(72, 13, { requests: 1000, errors: 4, latencyMs: 120 }));
const FAILING: Traffic = { requests: 1000, errors: 150, latencyMs: 120 };
const HEALTHY: Traffic = { requests: 1000, errors: 4, latencyMs: 120 };

describe("a period not published yet is not yet known", () => {
  it("is not 'the burst is over': an unpublished last minute does not end a regression", () => {
    // Prepare: 8 fails from the start; the minutes 13:58 and 13:59 have no datapoint yet.
    const byVersion = { "7": BASELINE_7, "8": minutes(steady(12, 3, FAILING)) };
    const alarmWindow = { lastPeriodStart: ago(1) };

    // Act
    const before = Verify.decide(input({ byVersion }));
    const now = Verify.decide(input({ byVersion, window: alarmWindow, knownUntil: KNOWN_UNTIL }));

    // Assess: read as healthy, the empty minute ended the burst; not yet known, it ends nothing.
    expect(before).toMatchObject({ verdict: "hold", rule: "attributable" });
    expect(before.reason).toContain("burst is over");
    expect(now).toMatchObject({ verdict: "rollback", rule: "effect", targetVersion: "7" });
    expect(now.numbers).toMatchObject({
      lastKnownPeriod: ago(3),
      onset: ago(12),
      lastPeriodErrorRatePercent: 15,
      windowEnd: ago(0),
    });
    expect(now.reason).toContain("the most recent known period (13:57)");
  });

  it("does not roll back on minutes still being published when the window the alarm evaluated is over", () => {
    // Prepare: 8 failed from 13:48 to 13:56 and was healthy again at 13:57, the last minute the
    // alarm evaluated (2 of its 3 breaching: ALARM). 13:58 and 13:59 hold the first few requests
    // of minutes CloudWatch has not finished publishing, some of them failed.
    const partial: Traffic = { requests: 100, errors: 30, latencyMs: 120 };
    const byVersion = {
      "7": BASELINE_7,
      "8": minutes({ ...steady(12, 4, FAILING), 3: HEALTHY, 2: partial, 1: partial }),
    };
    const alarmWindow = { lastPeriodStart: ago(3) };

    // Act
    const before = Verify.decide(input({ byVersion }));
    const now = Verify.decide(input({ byVersion, window: alarmWindow, knownUntil: KNOWN_UNTIL }));

    // Assess: the last wall-clock minutes made a rollback of a burst that was over.
    expect(before).toMatchObject({ verdict: "rollback" });
    expect(now).toMatchObject({ verdict: "hold", rule: "attributable" });
    expect(now.reason).toContain("burst is over");
    expect(now.numbers).toMatchObject({ windowStart: ago(5), windowEnd: ago(2) });
  });

  it("takes a minute that already has its datapoint as published, whatever the delay model says", () => {
    // Prepare: CloudWatch was quicker than 90 s with 13:58 (the alarm may have evaluated it); 13:59 has nothing yet.
    const byVersion = { "7": BASELINE_7, "8": minutes(steady(12, 2, FAILING)) };

    // Act
    const decision = Verify.decide(
      input({ byVersion, window: { lastPeriodStart: ago(1) }, knownUntil: KNOWN_UNTIL }),
    );

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers.lastKnownPeriod).toBe(ago(2));
  });

  it("holds, as not yet known, when none of the window the alarm evaluated is published", () => {
    // Prepare: nothing from 13:57 on has a datapoint yet.
    const byVersion = { "7": BASELINE_7, "8": minutes(steady(12, 4, FAILING)) };
    const alarmWindow = { lastPeriodStart: ago(1) };

    // Act: published only up to 13:56, so 13:57-13:59 are all unknown.
    const decision = Verify.decide(input({ byVersion, window: alarmWindow, knownUntil: ago(4) }));

    // Assess: rule 4's hold, which the reconciler's re-check takes up once the data is there.
    expect(decision).toMatchObject({ verdict: "hold", rule: "effect" });
    expect(decision.reason).toContain("not yet known");
    expect(decision.numbers.lastKnownPeriod).toBeNull();
  });

  it("without the alarm's window (a manual or re-check run), judges the last periods published by now", () => {
    // Prepare: the same regression, the last two minutes not published.
    const byVersion = { "7": BASELINE_7, "8": minutes(steady(12, 3, FAILING)) };

    // Act
    const decision = Verify.decide(input({ byVersion, knownUntil: KNOWN_UNTIL }));

    // Assess
    expect(decision).toMatchObject({ verdict: "rollback" });
    expect(decision.numbers).toMatchObject({
      windowStart: ago(5),
      windowEnd: ago(2),
      lastKnownPeriod: ago(3),
    });
  });
});
