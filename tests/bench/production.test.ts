import { describe, expect, it } from "vitest";
import { ScenarioFile } from "@ripcord/local/scenario-file";
import { productionPolicy } from "../../bench/decisions/production.ts";
import { readCorpus } from "../../bench/decisions/score.ts";
import { CORPUS_FILE } from "../../bench/decisions/write-corpus.ts";

/** The rows end at END; the alarm is OK before ALARM_FROM (14:00). */
const END = "2026-11-27T14:12:00.000Z";
const ALARM_FROM = "2026-11-27T14:00:00.000Z";

/**
 * Version 2 replaced proven version 1 at 13:45 (27 minutes before END) and is slow (800 ms) from
 * 13:57 on; before that both answer in 200 ms. Latency threshold 400 ms, 2 of 3 one-minute periods.
 */
function slowRelease(signal?: "lambda" | "url" | "emf"): ScenarioFile {
  const traffic = Array.from({ length: 102 }, (_, i) => {
    const minutesAgo = 102 - i;
    const version = minutesAgo > 27 ? "1" : "2";
    const slow = minutesAgo <= 15;
    return {
      minutesAgo,
      byVersion: { [version]: { invocations: 600, errors: 1, latencyMs: slow ? 800 : 200 } },
    };
  });
  return ScenarioFile.parse({
    format: "ripcord-scenario/1",
    name: "slow-release",
    expect: "rollback",
    expectVersion: "1",
    function: "bench-slow",
    alias: "live",
    ...(signal && { signal }),
    thresholds: {
      errorRatePercent: 5,
      latencyMs: 400,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    },
    releases: [
      { version: "1", minutesAgo: 4000 },
      { version: "2", minutesAgo: 27 },
    ],
    traffic,
  });
}

describe("Ripcord's decisions as a run happens on AWS", () => {
  it("fires when the second slow minute is published, holds on a window that still has a fast minute, and the next minute's re-check rolls back", () => {
    // Act
    const action = productionPolicy(slowRelease(), END, ALARM_FROM);

    // Assess: 13:58 is published at 13:59:30, so the 14:00 evaluation sees 13:55-13:57 (one slow
    // minute) and the 14:01 one 13:56-13:58 (two): the state change. 13:56 was fast: hold; at the
    // 14:02 tick 13:59 is published, the window 13:57-13:59 is all slow.
    expect(action.runs.map((r) => [r.at.slice(11, 16), r.recheck, r.verdict])).toEqual([
      ["14:01", 0, "hold"],
      ["14:02", 1, "rollback"],
    ]);
    expect(action.runs[0]?.decisions[0]).toMatchObject({ rule: "effect" });
    expect(action).toMatchObject({ rollback: true, target: "1" });
  });

  it("emf: published 15 s after the minute, the alarm fires a minute earlier", () => {
    // Act
    const action = productionPolicy(slowRelease("emf"), END, ALARM_FROM);

    // Assess
    expect(action.runs[0]?.at).toBe(ALARM_FROM);
    expect(action.rollback).toBe(true);
  });

  it("url: without version-level metrics, the full release is attributed from the alias history", () => {
    // Act
    const action = productionPolicy(slowRelease("url"), END, ALARM_FROM);

    // Assess
    expect(action).toMatchObject({ rollback: true, target: "1" });
    const last = action.runs.at(-1)?.decisions[0];
    expect(last?.numbers.periodsAttributedFromAliasHistory).toBeGreaterThan(0);
  });

  it("re-checks after a burst that looks over while the alarm stays in ALARM, and stops once it is OK", () => {
    // Prepare: version 2 slow only in 13:57 and 13:58, fast again after.
    const file = slowRelease();
    const traffic = file.traffic.map((row) =>
      row.minutesAgo <= 13
        ? { ...row, byVersion: { "2": { invocations: 600, errors: 1, latencyMs: 200 } } }
        : row,
    );

    // Act
    const action = productionPolicy({ ...file, traffic }, END, ALARM_FROM);

    // Assess: the run at the state change holds on rule 4; at 14:02, 13:59 is published and fast
    // (the burst looks over, the alarm still in ALARM: re-checked); at 14:03 the alarm is OK.
    expect(action.rollback).toBe(false);
    expect(action.runs.map((r) => [r.at.slice(11, 16), r.decisions[0]?.rule])).toEqual([
      ["14:01", "effect"],
      ["14:02", "attributable"],
    ]);
  });

  it("sets off every committed case's alarm within its rows, so the naive policy and Ripcord see the same alarms", () => {
    // Prepare
    const corpus = readCorpus(CORPUS_FILE);

    // Act
    const silent = corpus.cases.filter(
      (c) => productionPolicy(c.scenario, corpus.now, corpus.alarmFrom).runs.length === 0,
    );

    // Assess
    expect(silent.map((c) => c.id)).toEqual([]);
  });
});

describe("the reconciler's baseline summary stands in for reading the baseline hour", () => {
  it("gives every committed case the same runs, verdicts and reasons as reading the hour, and is used in most of them", () => {
    // Prepare
    const corpus = readCorpus(CORPUS_FILE);
    const runsOf = (action: ReturnType<typeof productionPolicy>) =>
      action.runs.map(({ summarized: _, ...run }) => run);

    // Act
    const compared = corpus.cases.map((c) => ({
      id: c.id,
      read: productionPolicy(c.scenario, corpus.now, corpus.alarmFrom, {
        baselineSummaries: false,
      }),
      summarized: productionPolicy(c.scenario, corpus.now, corpus.alarmFrom),
    }));

    // Assess: identical decisions (numbers and words included), and the summary was really used.
    for (const { id, read, summarized } of compared)
      expect({ id, runs: runsOf(summarized) }).toEqual({ id, runs: runsOf(read) });
    const used = compared.filter(({ summarized }) => summarized.runs.some((r) => r.summarized > 0));
    expect(used.length).toBeGreaterThan(corpus.cases.length / 2);
  });
});
