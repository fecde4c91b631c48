import { canary } from "./families/canary.ts";
import {
  burstAlreadyOver,
  outageOnProvenRelease,
  preExistingErrors,
} from "./families/environment.ts";
import { unprovenIntermediate } from "./families/intermediate.ts";
import { lowTrafficNoise } from "./families/noise.ts";
import { errorRegression, latencyRegression } from "./families/regressions.ts";
import { ALIASES, type Family } from "./families/shared.ts";
import type { SignalSource } from "@ripcord/core/signals";
import {
  AFTER_ROWS,
  drawTraffic,
  ROWS,
  STABILITY_WINDOW_MINUTES,
  type ModelRelease,
  type Thresholds,
  type TrafficRow,
} from "./model.ts";
import { Random } from "./random.ts";
import {
  firingAlarms,
  groundTruth,
  knownGoodBefore,
  type AlarmKind,
  type GroundTruth,
} from "./truth.ts";

/*
 * The decision-quality corpus: seeded cases in the families of scenarios/labelled, each a
 * `ripcord-scenario/1` object (so the sandbox can replay it too) with its injected ground truth
 * beside it. Nothing here calls Ripcord's verification code.
 */

/** Bump when a change to the generator changes its output for the same seed. */
export const GENERATOR_VERSION = 2;
export const DEFAULT_SEED = "ripcord-bench-2026-11-27";
export const CASES_PER_FAMILY = 30;
/**
 * "Now" of every case as drawn: the start of a minute by which the alarm's condition holds over the
 * complete minutes (with nothing delayed). CloudWatch's evaluations are walked from here; the rows
 * go on for AFTER_ROWS minutes, so the files' minutesAgo count from CORPUS_END.
 */
export const CORPUS_NOW = "2026-11-27T14:00:00.000Z";
export const CORPUS_END = new Date(Date.parse(CORPUS_NOW) + AFTER_ROWS * 60_000).toISOString();

/**
 * The signal source of case `index` of a family, in turn. url cases are scored without version-level
 * metrics (AWS documents ExecutedVersion on URL metrics "primarily" for $LATEST), so attribution
 * from the alias history decides them; a canary cannot be attributed that way (by design
 * inconclusive, tested with the labelled scenarios), so canaries take turns between lambda and emf.
 */
export function signalOf(family: string, index: number): SignalSource {
  const turns: SignalSource[] = family === "canary" ? ["lambda", "emf"] : ["lambda", "url", "emf"];
  return turns[index % turns.length] ?? "lambda";
}
const MAX_ATTEMPTS = 1000;
/**
 * The rows hold only 90 minutes; production CloudWatch holds weeks. A rollback case keeps at
 * least 15 minutes of its target's own traffic in view, or its history would be cut off by the
 * format rather than by the situation.
 */
const TARGET_REPLACED_WITHIN_MINUTES = ROWS - 15;

export const FAMILIES: Record<string, Family> = {
  "error-regression": errorRegression,
  "latency-regression": latencyRegression,
  canary,
  "outage-on-proven-release": outageOnProvenRelease,
  "pre-existing-errors": preExistingErrors,
  "low-traffic-noise": lowTrafficNoise,
  "burst-already-over": burstAlreadyOver,
  "unproven-intermediate": unprovenIntermediate,
};

export interface ScenarioJson {
  format: "ripcord-scenario/1";
  name: string;
  description: string;
  expect: "rollback" | "hold";
  expectVersion?: string;
  function: string;
  alias: string;
  signal: SignalSource;
  thresholds: Thresholds;
  releases: ModelRelease[];
  traffic: TrafficRow[];
}

export interface CorpusCase {
  id: string;
  family: string;
  nearThreshold: string | null;
  /** How many draws the case took before its alarm was in ALARM at "now" (1 = the first). */
  draws: number;
  truth: GroundTruth;
  /** The alarms in ALARM at "now" by CloudWatch's M-of-N rule. */
  firing: AlarmKind[];
  scenario: ScenarioJson;
}

export interface Corpus {
  format: "ripcord-bench-corpus/1";
  generator: { file: string; version: number };
  seed: string;
  /** The end of every case's rows: the scenarios' "now". */
  now: string;
  /** The cases' alarms are OK before this; CloudWatch's evaluations are walked from it. */
  alarmFrom: string;
  stabilityWindowMinutes: number;
  casesPerFamily: number;
  cases: CorpusCase[];
}

function targetInView(releases: readonly ModelRelease[], truth: GroundTruth): boolean {
  if (truth.expect !== "rollback") return true;
  const badIndex = releases.findLastIndex((release) => release.version === truth.badVersion);
  const target = knownGoodBefore(releases, badIndex);
  const replaced = target && releases[releases.indexOf(target) + 1];
  return replaced !== undefined && replaced.minutesAgo <= TARGET_REPLACED_WITHIN_MINUTES;
}

/** Draws case `index` of a family until its alarm fires at "now" (and its target's traffic is in view). */
export function generateCase(seed: string, family: string, index: number): CorpusCase {
  const draw = FAMILIES[family];
  if (!draw) throw new RangeError(`unknown family ${family}`);
  const id = `${family}-${String(index + 1).padStart(2, "0")}`;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const random = new Random(`${seed}/${id}/${attempt}`);
    const draft = draw(random, index);
    const truth = groundTruth(draft.model);
    if (!targetInView(draft.model.releases, truth)) continue;
    const traffic = drawTraffic(draft.model, random);
    const firing = firingAlarms(draft.model.thresholds, traffic);
    if (!firing.some((kind) => draft.requires.includes(kind))) continue;
    const alias = random.pick(ALIASES);
    // The minutes after "now", drawn last so the rows before it are what the same seed always drew.
    const after = drawTraffic(draft.model, random, 0, 1 - AFTER_ROWS);
    const scenario: ScenarioJson = {
      format: "ripcord-scenario/1",
      name: id,
      description: draft.description,
      expect: truth.expect,
      ...(truth.expectVersion !== undefined && { expectVersion: truth.expectVersion }),
      function: `bench-${id}`,
      alias,
      signal: signalOf(family, index),
      thresholds: draft.model.thresholds,
      // Counted from CORPUS_END, the end of the rows.
      releases: draft.model.releases.map((r) => ({ ...r, minutesAgo: r.minutesAgo + AFTER_ROWS })),
      traffic: [...traffic, ...after].map((row) => ({
        ...row,
        minutesAgo: row.minutesAgo + AFTER_ROWS,
      })),
    };
    return {
      id,
      family,
      nearThreshold: draft.nearThreshold,
      draws: attempt,
      truth,
      firing,
      scenario,
    };
  }
  throw new RangeError(
    `${id}: no draw in ${MAX_ATTEMPTS} set off the alarm; the family's parameters cannot produce this case`,
  );
}

export function generateCorpus(seed = DEFAULT_SEED, casesPerFamily = CASES_PER_FAMILY): Corpus {
  const cases = Object.keys(FAMILIES).flatMap((family) =>
    Array.from({ length: casesPerFamily }, (_, index) => generateCase(seed, family, index)),
  );
  return {
    format: "ripcord-bench-corpus/1",
    generator: { file: "bench/decisions/generate.ts", version: GENERATOR_VERSION },
    seed,
    now: CORPUS_END,
    alarmFrom: CORPUS_NOW,
    stabilityWindowMinutes: STABILITY_WINDOW_MINUTES,
    casesPerFamily,
    cases,
  };
}

/** Valid JSON with one case per line, so a diff of the committed corpus stays readable. */
export function serializeCorpus(corpus: Corpus): string {
  const { cases, ...header } = corpus;
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, "");
  return `${head},\n  "cases": [\n${cases.map((c) => `    ${JSON.stringify(c)}`).join(",\n")}\n  ]\n}\n`;
}
