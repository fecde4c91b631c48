import { describe, expect, it } from "vitest";
import * as Release from "@ripcord/core/release";
import { InputError, NotFoundError } from "@ripcord/core/errors";
import { ago } from "./support/builders.ts";

const WINDOW = 60;
const full = (version: string) => ({ version, weights: {} });
const canary = (primary: string, version: string, weight: number) => ({
  version: primary,
  weights: { [version]: weight },
});

describe("observe", () => {
  it("bootstraps an empty ledger with the alias as it stands, known-good", () => {
    // Act
    const ledger = Release.observe([], full("7"), ago(10), WINDOW);

    // Assess
    expect(ledger).toEqual([{ version: "7", takenAt: ago(10), knownGoodAt: ago(10) }]);
  });

  it("bootstraps a canary in progress as its known-good primary plus a weighted, unproven canary", () => {
    // Act
    const ledger = Release.observe([], canary("7", "8", 0.1), ago(10), WINDOW);

    // Assess
    expect(ledger.map((r) => [r.version, r.weight, r.primaryVersion, r.knownGoodAt])).toEqual([
      ["7", undefined, undefined, ago(10)],
      ["8", 0.1, "7", undefined],
    ]);
  });

  it("leaves the ledger alone while the alias does not move", () => {
    // Prepare
    const ledger = Release.observe([], full("7"), ago(30), WINDOW);

    // Act
    const again = Release.observe(ledger, full("7"), ago(29), WINDOW);

    // Assess
    expect(again).toEqual(ledger);
  });

  it("records a new full release and closes the previous one", () => {
    // Prepare
    const ledger = Release.observe([], full("7"), ago(300), WINDOW);

    // Act
    const next = Release.observe(ledger, full("8"), ago(12), WINDOW);

    // Assess
    expect(next.map((r) => [r.version, r.takenAt, r.replacedAt])).toEqual([
      ["7", ago(300), ago(12)],
      ["8", ago(12), undefined],
    ]);
  });

  it("changes a canary's weight in place, keeping when it first took traffic", () => {
    // Prepare
    let ledger = Release.observe([], full("20"), ago(3000), WINDOW);
    ledger = Release.observe(ledger, canary("20", "21", 0.1), ago(20), WINDOW);

    // Act
    ledger = Release.observe(ledger, canary("20", "21", 0.5), ago(10), WINDOW);

    // Assess
    expect(ledger).toHaveLength(2);
    expect(ledger[1]).toMatchObject({
      version: "21",
      weight: 0.5,
      takenAt: ago(20),
      primaryVersion: "20",
    });
  });

  it("records a promoted canary as a full release that took traffic when the canary started", () => {
    // Prepare
    let ledger = Release.observe([], full("20"), ago(3000), WINDOW);
    ledger = Release.observe(ledger, canary("20", "21", 0.5), ago(20), WINDOW);

    // Act
    ledger = Release.observe(ledger, full("21"), ago(5), WINDOW);

    // Assess
    expect(ledger.map((r) => [r.version, r.weight])).toEqual([
      ["20", undefined],
      ["21", 0.5],
      ["21", undefined],
    ]);
    expect(Release.tookTrafficAt(ledger)).toBe(ago(20));
  });

  it("adds the new primary before a canary when both moved at once", () => {
    // Prepare
    const ledger = Release.observe([], full("20"), ago(3000), WINDOW);

    // Act
    const next = Release.observe(ledger, canary("21", "22", 0.2), ago(5), WINDOW);

    // Assess
    expect(next.map((r) => [r.version, r.weight, r.primaryVersion])).toEqual([
      ["20", undefined, undefined],
      ["21", undefined, undefined],
      ["22", 0.2, "21"],
    ]);
  });

  it("keeps a proven version proven when an aborted canary returns the alias to it", () => {
    // Prepare
    let ledger = Release.observe([], full("20"), ago(3000), WINDOW);
    ledger = Release.observe(ledger, canary("20", "21", 0.5), ago(20), WINDOW);

    // Act
    ledger = Release.observe(ledger, full("20"), ago(5), WINDOW);

    // Assess
    expect(ledger.at(-1)).toMatchObject({ version: "20", takenAt: ago(5), knownGoodAt: ago(3000) });
  });

  it("rejects a routing with two additional versions", () => {
    // Prepare
    const ledger = Release.observe([], full("7"), ago(10), WINDOW);

    // Act + Assess
    expect(() =>
      Release.observe(ledger, { version: "7", weights: { "8": 0.1, "9": 0.1 } }, ago(5), WINDOW),
    ).toThrow(InputError);
  });

  it("ignores an observation older than the current release (the ledger already knows a later state)", () => {
    // Prepare
    const ledger = Release.observe(
      Release.observe([], full("7"), ago(300), WINDOW),
      full("9"),
      ago(2),
      WINDOW,
    );

    // Act
    const stale = Release.observe(ledger, full("8"), ago(3), WINDOW);

    // Assess
    expect(stale).toEqual(ledger);
  });
});

describe("promote", () => {
  const deployed = (minutesAgo: number) =>
    Release.observe(
      Release.observe([], full("7"), ago(5000), WINDOW),
      full("8"),
      ago(minutesAgo),
      WINDOW,
    );

  it("marks a full release known-good exactly when it has served all traffic for the stability window", () => {
    // Prepare
    const ledger = deployed(120);

    // Act
    const justBefore = Release.promote(ledger, ago(61), WINDOW);
    const atTheEdge = Release.promote(ledger, ago(60), WINDOW);

    // Assess
    expect(justBefore.at(-1)?.knownGoodAt).toBeUndefined();
    expect(atTheEdge.at(-1)?.knownGoodAt).toBe(ago(60));
  });

  it("never marks a release replaced before the window ended (an unproven intermediate)", () => {
    // Prepare
    const ledger = Release.observe(deployed(28), full("9"), ago(8), WINDOW);

    // Act
    const promoted = Release.promote(ledger, ago(-1000), WINDOW);

    // Assess
    expect(promoted.find((r) => r.version === "8")?.knownGoodAt).toBeUndefined();
  });

  it("never marks a canary known-good while it is weighted", () => {
    // Prepare
    const ledger = Release.observe(
      Release.observe([], full("20"), ago(5000), WINDOW),
      canary("20", "21", 0.5),
      ago(3000),
      WINDOW,
    );

    // Act
    const promoted = Release.promote(ledger, ago(0), WINDOW);

    // Assess
    expect(promoted.at(-1)).toMatchObject({ version: "21", weight: 0.5 });
    expect(promoted.at(-1)?.knownGoodAt).toBeUndefined();
  });

  it("never marks a known-bad release", () => {
    // Prepare
    const ledger = Release.markBad(deployed(12), "8", ago(2));

    // Act
    const promoted = Release.promote(ledger, ago(-600), WINDOW);

    // Assess
    expect(promoted.at(-1)?.knownGoodAt).toBeUndefined();
  });
});

describe("markBad and annotate", () => {
  const ledger = Release.observe(
    Release.observe([], full("7"), ago(5000), WINDOW),
    full("8"),
    ago(12),
    WINDOW,
  );

  it("marks a version known-bad, and a redeploy of it stays known-bad", () => {
    // Act
    let marked = Release.markBad(ledger, "8", ago(2));
    marked = Release.observe(marked, full("7"), ago(1), WINDOW);
    marked = Release.observe(marked, full("8"), ago(0), WINDOW);

    // Assess
    expect(marked.at(-1)).toMatchObject({ version: "8", knownBadAt: ago(2) });
    expect(Release.isKnownBad(marked, "8")).toBe(true);
    expect(Release.isKnownBad(marked, "7")).toBe(false);
  });

  it("annotates a version's releases, and later releases of the version keep the metadata", () => {
    // Act
    let annotated = Release.annotate(ledger, "8", {
      gitSha: "abc1234",
      migration: "0042_drop_column",
      reversible: false,
    });
    annotated = Release.observe(annotated, full("7"), ago(1), WINDOW);
    annotated = Release.observe(annotated, full("8"), ago(0), WINDOW);

    // Assess
    expect(annotated.at(-1)).toMatchObject({
      version: "8",
      gitSha: "abc1234",
      migration: "0042_drop_column",
      reversible: false,
    });
  });

  it("refuses a version the ledger does not hold", () => {
    // Act + Assess
    expect(() => Release.markBad(ledger, "99", ago(0))).toThrow(NotFoundError);
    expect(() => Release.annotate(ledger, "99", { gitSha: "abc" })).toThrow(NotFoundError);
  });
});

describe("ledger bound", () => {
  it("keeps the newest releases and never drops the rollback target", () => {
    // Prepare: one proven release, then more unproven releases than the bound holds.
    let ledger = Release.observe([], full("1"), ago(10_000), WINDOW);
    for (let v = 2; v <= Release.MAX_RELEASES + 10; v++)
      ledger = Release.observe(ledger, full(String(v)), ago(1000 - v), WINDOW);

    // Act
    const { target, current } = Release.target(ledger);

    // Assess
    expect(ledger).toHaveLength(Release.MAX_RELEASES + 1);
    expect(target?.version).toBe("1");
    expect(current?.version).toBe(String(Release.MAX_RELEASES + 10));
  });

  it("keeps an irreversible release between the target and the current one", () => {
    // Prepare
    let ledger = Release.observe([], full("1"), ago(10_000), WINDOW);
    ledger = Release.observe(ledger, full("2"), ago(1000), WINDOW);
    ledger = Release.annotate(ledger, "2", { reversible: false });
    for (let v = 3; v <= Release.MAX_RELEASES + 10; v++)
      ledger = Release.observe(ledger, full(String(v)), ago(1000 - v), WINDOW);

    // Act
    const { irreversible } = Release.target(ledger);

    // Assess
    expect(irreversible.map((r) => r.version)).toEqual(["2"]);
    expect(ledger).toHaveLength(Release.MAX_RELEASES + 2);
  });
});
