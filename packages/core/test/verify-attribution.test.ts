import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Decision, DecisionMetrics, PeriodStats } from "@ripcord/core/verify";
import * as Verify from "@ripcord/core/verify";
import type { ScenarioFile } from "@ripcord/local/scenario-file";
import { ago, minutes, release, steady } from "./support/builders.ts";
import { decideScenario, loadScenario, scenarioFiles, scenariosDir } from "./support/scenarios.ts";

/*
 * docs/design.md "Signals", attribution without the dimension: a period is attributed by dimension
 * iff its version-level sums equal its alias-level sum; otherwise from the ledger's alias history
 * (the version the alias served at 100% throughout it); weighted or changing periods are not.
 */

const NOW = "2026-11-27T14:00:00.000Z";
const MINUTE_MS = 60_000;

/** The source publishes no ExecutedVersion at all: only the alias level is left. */
const aliasOnly = (metrics: DecisionMetrics): DecisionMetrics => ({
  alias: metrics.alias,
  byVersion: {},
});

/** ExecutedVersion on every other period only: the rest of the version level is missing. */
const everyOtherPeriod = (metrics: DecisionMetrics): DecisionMetrics => ({
  alias: metrics.alias,
  byVersion: Object.fromEntries(
    Object.entries(metrics.byVersion).map(([version, periods]) => [
      version,
      periods.filter((period) => (Date.parse(period.start) / MINUTE_MS) % 2 === 0),
    ]),
  ),
});

/** What a decision says, without the numbers that only tell how its periods were attributed. */
function essence(decision: Decision) {
  const numbers = { ...decision.numbers };
  delete numbers.periodsAttributedFromAliasHistory;
  delete numbers.periodsNotAttributed;
  return { ...decision, numbers };
}

function scenario(name: string): ScenarioFile {
  return loadScenario(path.join(scenariosDir, `${name}.json`));
}

const isCanary = (file: ScenarioFile): boolean => file.releases.some((r) => r.weight !== undefined);

describe("which version the alias served throughout a period, from the ledger", () => {
  const ledger = [
    release("6", 300, { replacedAt: ago(60) }),
    release("7", 60, { replacedAt: ago(10) }),
    release("8", 10, { weight: 0.1, primaryVersion: "7" }),
  ];
  const at = (minutesAgo: number, periodMinutes = 1): string | undefined =>
    Verify.servedThroughout(
      ledger,
      Date.parse(ago(minutesAgo)),
      Date.parse(ago(minutesAgo)) + periodMinutes * MINUTE_MS,
    );

  it("is the full release that covers the whole period, from its first minute to its last", () => {
    expect([at(300), at(61), at(60), at(11)]).toEqual(["6", "6", "7", "7"]);
  });

  it("is none for a period in which the alias moved, or one the ledger does not reach back to", () => {
    expect(at(61, 2)).toBeUndefined();
    expect(at(301)).toBeUndefined();
  });

  it("is none while a canary weights the alias: two versions served", () => {
    expect([at(10), at(1)]).toEqual([undefined, undefined]);
  });

  it("lists every version served in a range, a canary's primary included, for the reader to fetch", () => {
    const served = (fromAgo: number, toAgo: number): string[] =>
      Verify.versionsServed(ledger, Date.parse(ago(fromAgo)), Date.parse(ago(toAgo)));

    expect(served(90, 70)).toEqual(["6"]);
    expect(served(70, 50)).toEqual(["6", "7"]);
    expect(served(5, 0)).toEqual(["8", "7"]);
  });

  it("spans releases of one version one after the other (a version the alias returned to)", () => {
    const back = [
      release("6", 30, { replacedAt: ago(20) }),
      release("6", 20, { replacedAt: ago(5) }),
      release("7", 5),
    ];

    expect(
      Verify.servedThroughout(back, Date.parse(ago(25)), Date.parse(ago(25)) + 10 * MINUTE_MS),
    ).toBe("6");
  });
});

describe("attribute", () => {
  const ledger = [release("7", 120, { replacedAt: ago(10) }), release("8", 10)];
  const v7 = minutes(steady(15, 11, { requests: 1000, errors: 4, latencyMs: 120 }));
  const v8 = minutes(steady(10, 1, { requests: 1000, errors: 150, latencyMs: 130 }));
  const alias: PeriodStats[] = [...v7, ...v8];

  it("keeps the version level where it accounts for the alias's whole traffic", () => {
    const result = Verify.attribute({ alias, byVersion: { "7": v7, "8": v8 } }, ledger, MINUTE_MS);

    expect(result.byVersion).toEqual({ "7": v7, "8": v8 });
    expect(result).toMatchObject({ fromHistory: [], unattributed: [] });
  });

  it("credits a period without the dimension to the version the alias served at 100% in it", () => {
    const result = Verify.attribute({ alias, byVersion: {} }, ledger, MINUTE_MS);

    expect(result.byVersion).toEqual({ "7": v7, "8": v8 });
    expect(result.fromHistory).toHaveLength(15);
  });

  it("does not trust a version level that accounts for only part of the alias's traffic", () => {
    const partial = v8.map((period) => ({ ...period, requests: 600, errors: 90 }));

    const result = Verify.attribute({ alias, byVersion: { "8": partial } }, ledger, MINUTE_MS);

    expect(result.byVersion["8"]).toEqual(v8);
  });

  it("attributes nothing of a weighted period without the dimension, and says which", () => {
    const canary = [release("7", 120, { replacedAt: ago(10) }), release("8", 10, { weight: 0.2 })];

    const result = Verify.attribute({ alias, byVersion: {} }, canary, MINUTE_MS);

    expect(result.byVersion).toEqual({ "7": v7 });
    expect(result.unattributed).toEqual(v8.map((period) => Date.parse(period.start)));
  });
});

describe("labelled scenarios whose source publishes no ExecutedVersion (scenarios/labelled)", () => {
  const files = scenarioFiles().map((file) => [path.basename(file, ".json"), file] as const);
  const fullReleases = files.filter(([, file]) => !isCanary(loadScenario(file)));

  it("covers full releases and a canary", () => {
    expect(fullReleases.length).toBeGreaterThanOrEqual(6);
    expect(files.length - fullReleases.length).toBeGreaterThanOrEqual(1);
  });

  it.each(fullReleases)(
    "%s: a full release is decided the same from the alias history alone",
    (_name, file) => {
      // Prepare
      const labelled = loadScenario(file);

      // Act
      const withDimension = decideScenario(labelled, NOW);
      const without = decideScenario(labelled, NOW, { metrics: aliasOnly });
      const partly = decideScenario(labelled, NOW, { metrics: everyOtherPeriod });

      // Assess: the same verdicts, rules, reasons and numbers, alarm by alarm.
      const expected = withDimension.service.decisions.map(essence);
      expect(without.service.decisions.map(essence)).toEqual(expected);
      expect(partly.service.decisions.map(essence)).toEqual(expected);
      expect(without.service.verdict).toBe(labelled.expect === "rollback" ? "rollback" : "hold");
      // Where the decision read per-version traffic, it came from the alias history.
      for (const decision of without.service.decisions.filter((d) => d.rule === "effect")) {
        expect(decision.numbers.periodsAttributedFromAliasHistory).toBeGreaterThan(0);
      }
    },
  );

  it("a canary without the dimension is inconclusive: its traffic beside the canary is not attributed", () => {
    // Prepare
    const canary = scenario("canary-regression");

    // Act
    const withDimension = decideScenario(canary, NOW);
    const without = decideScenario(canary, NOW, { metrics: aliasOnly });

    // Assess
    expect(withDimension.service.verdict).toBe("rollback");
    expect(without.service.verdict).toBe("inconclusive");
    const [decision] = without.service.decisions;
    expect(decision).toMatchObject({ verdict: "inconclusive", rule: "baseline" });
    expect(decision?.reason).toContain("cannot be split by version");
    expect(decision?.numbers.periodsNotAttributed).toBeGreaterThan(0);
  });

  it("a canary without the dimension rolls back where the policy says onInconclusive: rollback", () => {
    const without = decideScenario(scenario("canary-regression"), NOW, {
      metrics: aliasOnly,
      onInconclusive: "rollback",
    });

    expect(without.service.verdict).toBe("rollback");
    expect(without.service.decisions[0]).toMatchObject({ rule: "baseline", targetVersion: "20" });
  });

  it("a canary whose version level accounts for all traffic is decided by dimension alone", () => {
    const [decision] = decideScenario(scenario("canary-regression"), NOW).service.decisions;

    expect(decision).toMatchObject({ verdict: "rollback", rule: "effect", targetVersion: "20" });
    expect(decision?.numbers).not.toHaveProperty("periodsAttributedFromAliasHistory");
    expect(decision?.numbers).not.toHaveProperty("periodsNotAttributed");
  });
});
