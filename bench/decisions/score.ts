import { readFileSync } from "node:fs";
import * as z from "zod";
import { ScenarioFile } from "@ripcord/local/scenario-file";
import { naivePolicy, type PolicyAction } from "./policies.ts";
import { productionPolicy, type ProductionAction } from "./production.ts";

/** The parts of the committed corpus the scoring reads, validated (the scenarios by core's own schema). */
const CorpusFile = z.object({
  format: z.literal("ripcord-bench-corpus/1"),
  generator: z.object({ file: z.string(), version: z.number() }),
  seed: z.string(),
  now: z.iso.datetime(),
  alarmFrom: z.iso.datetime(),
  cases: z.array(
    z.object({
      id: z.string(),
      family: z.string(),
      nearThreshold: z.string().nullable(),
      truth: z.object({
        expect: z.enum(["rollback", "hold"]),
        expectVersion: z.string().optional(),
      }),
      scenario: ScenarioFile,
    }),
  ),
});
export type CorpusFile = z.output<typeof CorpusFile>;

export function readCorpus(path: string): CorpusFile {
  return CorpusFile.parse(JSON.parse(readFileSync(path, "utf8")));
}

export interface PolicyScore {
  cases: number;
  rollbacksMade: number;
  /** Rolled back where no release was at fault. */
  falseRollbacks: number;
  /** Left the alias alone where the release was at fault. */
  missedRollbacks: number;
  /** Rolled back a bad release, but to another version than the last known-good one. */
  wrongTargets: number;
  /** Correct rollbacks (right case, right target) over rollbacks made; null when none was made. */
  precision: number | null;
  /** Correct rollbacks over cases whose release was at fault. */
  recall: number | null;
}

export interface CaseResult {
  id: string;
  family: string;
  signal: string;
  nearThreshold: string | null;
  expect: "rollback" | "hold";
  expectVersion?: string;
  ripcord: ProductionAction;
  naive: PolicyAction;
}

export type Mistake = "false rollback" | "missed rollback" | "wrong target";

export function mistakeOf(result: CaseResult, action: PolicyAction): Mistake | null {
  if (result.expect === "hold") return action.rollback ? "false rollback" : null;
  if (!action.rollback) return "missed rollback";
  return action.target === result.expectVersion ? null : "wrong target";
}

export function score(
  results: readonly CaseResult[],
  pick: (result: CaseResult) => PolicyAction,
): PolicyScore {
  const mistakes = results.map((result) => mistakeOf(result, pick(result)));
  const count = (mistake: Mistake): number => mistakes.filter((m) => m === mistake).length;
  const bad = results.filter((r) => r.expect === "rollback").length;
  const rollbacksMade = results.filter((r) => pick(r).rollback).length;
  const correct = results.filter((r, i) => r.expect === "rollback" && mistakes[i] === null).length;
  return {
    cases: results.length,
    rollbacksMade,
    falseRollbacks: count("false rollback"),
    missedRollbacks: count("missed rollback"),
    wrongTargets: count("wrong target"),
    precision: rollbacksMade === 0 ? null : correct / rollbacksMade,
    recall: bad === 0 ? null : correct / bad,
  };
}

export interface DecisionReport {
  corpus: { file: string; seed: string; generatorVersion: number; now: string };
  cases: number;
  /** Cases whose release was at fault (truth "rollback") and cases where none was. */
  labelled: { rollback: number; hold: number };
  ripcord: PolicyScore;
  naive: PolicyScore;
  /** Per family: cases and each policy's mistakes. */
  byFamily: Record<string, { cases: number; ripcordMistakes: number; naiveMistakes: number }>;
  /** Per signal source, likewise. */
  bySignal?: Record<string, { cases: number; ripcordMistakes: number; naiveMistakes: number }>;
  /** Ripcord's rollbacks made by a reconciler re-check rather than the run at the alarm. */
  rollbacksOnRecheck?: number;
  /** Every case Ripcord got wrong, with its verdicts and reasons in words. */
  ripcordMistakes: Array<{
    id: string;
    nearThreshold: string | null;
    mistake: Mistake;
    expected: string;
    why: string;
  }>;
  definitions: Record<string, string>;
}

export const DEFINITIONS = {
  falseRollbacks: "cases labelled hold (no release at fault) where the policy moved the alias",
  missedRollbacks: "cases labelled rollback where the policy left the alias alone",
  wrongTargets:
    "cases labelled rollback where the policy moved the alias to another version than the last known-good one",
  precision: "correct rollbacks (labelled rollback, right target) / rollbacks made",
  recall: "correct rollbacks / cases labelled rollback",
  naive:
    "roll back to the previous release whenever the alarm fires (every case has an alarm in ALARM)",
  ripcord:
    "as a run happens on AWS: each alarm's state change at CloudWatch's first evaluation in ALARM on what is published by then (core/signals' delays: 90 s after a 1-minute period for lambda and url, 15 s for emf); Verify.decide on the window the alarm evaluated with what is published at the state change, and on every other alarm then in ALARM; Verify.combine; while the alarm stays in ALARM after a hold on rule 4 alone, the reconciler's re-checks each minute for recheckMinutes (10), each on the window as it stands at its tick; default policy (inconclusive holds); url cases without version-level metrics",
};

/** Scores Ripcord's real decision code and the naive policy on every case of the corpus. */
export function scoreCorpus(corpus: CorpusFile, file: string): DecisionReport {
  const results: CaseResult[] = corpus.cases.map((c) => ({
    id: c.id,
    family: c.family,
    signal: c.scenario.signal ?? "lambda",
    nearThreshold: c.nearThreshold,
    expect: c.truth.expect,
    ...(c.truth.expectVersion !== undefined && { expectVersion: c.truth.expectVersion }),
    ripcord: productionPolicy(c.scenario, corpus.now, corpus.alarmFrom),
    naive: naivePolicy(c.scenario),
  }));
  const tally = (key: (r: CaseResult) => string): DecisionReport["byFamily"] => {
    const groups: DecisionReport["byFamily"] = {};
    for (const result of results) {
      const group = (groups[key(result)] ??= { cases: 0, ripcordMistakes: 0, naiveMistakes: 0 });
      group.cases++;
      if (mistakeOf(result, result.ripcord)) group.ripcordMistakes++;
      if (mistakeOf(result, result.naive)) group.naiveMistakes++;
    }
    return groups;
  };
  const byFamily = tally((r) => r.family);
  const bySignal = tally((r) => r.signal);
  const ripcordMistakes = results.flatMap((result) => {
    const mistake = mistakeOf(result, result.ripcord);
    if (!mistake) return [];
    const expected = result.expect === "rollback" ? `rollback to ${result.expectVersion}` : "hold";
    return [
      {
        id: result.id,
        nearThreshold: result.nearThreshold,
        mistake,
        expected,
        why: result.ripcord.why,
      },
    ];
  });
  return {
    corpus: {
      file,
      seed: corpus.seed,
      generatorVersion: corpus.generator.version,
      now: corpus.now,
    },
    cases: results.length,
    labelled: {
      rollback: results.filter((r) => r.expect === "rollback").length,
      hold: results.filter((r) => r.expect === "hold").length,
    },
    ripcord: score(results, (r) => r.ripcord),
    naive: score(results, (r) => r.naive),
    byFamily,
    bySignal,
    rollbacksOnRecheck: results.filter(
      (r) => r.ripcord.rollback && (r.ripcord.runs.at(-1)?.recheck ?? 0) > 0,
    ).length,
    ripcordMistakes,
    definitions: DEFINITIONS,
  };
}
