import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScenarioFile } from "@ripcord/local/scenario-file";
import {
  FAMILIES,
  generateCase,
  generateCorpus,
  serializeCorpus,
  type Corpus,
} from "../../bench/decisions/generate.ts";
import { AFTER_ROWS, ROWS, STABILITY_WINDOW_MINUTES } from "../../bench/decisions/model.ts";
import { servingNow } from "../../bench/decisions/truth.ts";
import { CORPUS_FILE } from "../../bench/decisions/write-corpus.ts";

const committedText = readFileSync(CORPUS_FILE, "utf8");
const committed = JSON.parse(committedText) as Corpus;

describe("the committed decision corpus", () => {
  it("is exactly what the generator writes for its recorded seed", () => {
    // Prepare
    const { seed, casesPerFamily } = committed;

    // Act
    const regenerated = serializeCorpus(generateCorpus(seed, casesPerFamily));

    // Assess: compare line by line (one case a line) so a mismatch names the case, not 2 MB of JSON.
    const lines = regenerated.split("\n");
    const committedLines = committedText.split("\n");
    const firstDifference = lines.findIndex((line, i) => line !== committedLines[i]);
    expect(firstDifference === -1 ? null : lines[firstDifference]?.slice(0, 120)).toBeNull();
    expect(lines.length).toBe(committedLines.length);
  });

  it("has at least 200 cases, every family of the shared scenarios, and near-threshold cases in each", () => {
    // Prepare
    const families = Object.keys(FAMILIES);

    // Act
    const counts = families.map((family) => committed.cases.filter((c) => c.family === family));

    // Assess
    expect(committed.cases.length).toBeGreaterThanOrEqual(200);
    expect(families).toHaveLength(8);
    for (const cases of counts) {
      expect(cases).toHaveLength(committed.casesPerFamily);
      expect(cases.some((c) => c.nearThreshold !== null)).toBe(true);
    }
  });

  it("holds only valid ripcord-scenario/1 objects with unique names", () => {
    // Act
    const parsed = committed.cases.map((c) => ScenarioFile.safeParse(c.scenario));

    // Assess
    expect(parsed.filter((p) => !p.success)).toEqual([]);
    expect(new Set(committed.cases.map((c) => c.scenario.name)).size).toBe(committed.cases.length);
  });

  it("labels from the injected truth: a rollback names a bad version serving now and a proven target before it", () => {
    // Prepare
    const rollbacks = committed.cases.filter((c) => c.truth.expect === "rollback");

    // Act / Assess
    expect(rollbacks.length).toBeGreaterThan(0);
    for (const c of rollbacks) {
      const { releases } = c.scenario;
      expect(servingNow(releases)).toContain(c.truth.badVersion);
      expect(c.scenario.expectVersion).toBe(c.truth.expectVersion);
      const targetIndex = releases.findIndex((r) => r.version === c.truth.expectVersion);
      const next = releases[targetIndex + 1];
      expect(next, c.id).toBeDefined();
      expect(
        (releases[targetIndex]?.minutesAgo ?? 0) - (next?.minutesAgo ?? 0),
      ).toBeGreaterThanOrEqual(STABILITY_WINDOW_MINUTES);
    }
    for (const c of committed.cases.filter((x) => x.truth.expect === "hold")) {
      expect(c.truth.badVersion).toBeNull();
      expect(c.scenario.expectVersion).toBeUndefined();
    }
  });

  it("keeps only cases whose alarm is in ALARM at now", () => {
    // Act
    const silent = committed.cases.filter((c) => c.firing.length === 0);

    // Assess
    expect(silent).toEqual([]);
  });

  it("leaves out the tie of an outage starting exactly a stability window after the release", () => {
    // Prepare
    const outages = committed.cases.filter((c) => c.family === "outage-on-proven-release");

    // Act
    const provenFor = outages.map((c) => {
      // The files count from the end of the rows, AFTER_ROWS after the "now" the descriptions count from.
      const current = (c.scenario.releases.at(-1)?.minutesAgo ?? 0) - AFTER_ROWS;
      const onset = Number(/since (\d+) minutes ago/.exec(c.scenario.description)?.[1]);
      return current - onset;
    });

    // Assess
    for (const minutes of provenFor) expect(minutes).toBeGreaterThan(STABILITY_WINDOW_MINUTES);
  });
});

describe("the corpus as production reads it", () => {
  it("holds rows for the minutes after now that the alarm's later evaluations and the re-checks read", () => {
    // Act
    const lengths = new Set(committed.cases.map((c) => c.scenario.traffic.length));

    // Assess
    expect([...lengths]).toEqual([ROWS + AFTER_ROWS]);
    expect(Date.parse(committed.now) - Date.parse(committed.alarmFrom)).toBe(AFTER_ROWS * 60_000);
  });

  it("has cases of every signal source in every family, and no url canary (its canary cannot be attributed)", () => {
    // Act
    const sources = (family: string) =>
      new Set(committed.cases.filter((c) => c.family === family).map((c) => c.scenario.signal));

    // Assess
    for (const family of Object.keys(FAMILIES)) {
      expect(sources(family).has("lambda"), family).toBe(true);
      expect(sources(family).has("emf"), family).toBe(true);
      expect(sources(family).has("url"), family).toBe(family !== "canary");
    }
  });
});

describe("generateCase", () => {
  it("draws the same case for the same seed and a different one for another seed", () => {
    // Act
    const a = generateCase("seed-one", "canary", 4);
    const b = generateCase("seed-one", "canary", 4);
    const c = generateCase("seed-two", "canary", 4);

    // Assess
    expect(b).toEqual(a);
    expect(c.scenario.traffic).not.toEqual(a.scenario.traffic);
  });

  it("refuses an unknown family", () => {
    // Act / Assess
    expect(() => generateCase("seed", "no-such-family", 0)).toThrow(RangeError);
  });
});
