import { describe, expect, it } from "vitest";
import { InputError } from "@ripcord/core/errors";
import * as Verify from "@ripcord/core/verify";
import { bruteForceOneSided, normalApproximation } from "./support/exact-fisher.ts";

const fisher = (errors: number, total: number, baselineErrors: number, baselineTotal: number) =>
  Verify.fisherOneSided({ errors, total, baselineErrors, baselineTotal });

describe("Fisher's exact test, one-sided", () => {
  it("matches the lady tasting tea (3 of 4 cups right: p = 17/70)", () => {
    // Act
    const p = fisher(3, 4, 1, 4);

    // Assess
    expect(p).toBeCloseTo(17 / 70, 12);
  });

  it("matches the published values of Wikipedia's dieting example (table 0.001346, one-sided 0.00138)", () => {
    // Prepare: 9 of 12 women and 1 of 12 men dieting; is the women's rate higher?
    // Act
    const p = fisher(9, 12, 1, 12);
    const moreExtreme = fisher(10, 12, 0, 12);

    // Assess: the one-sided p is the observed table's own probability plus the one more extreme table.
    expect(p).toBeCloseTo(0.00138, 5);
    expect(p - moreExtreme).toBeCloseTo(0.001346, 6);
  });

  it("agrees with the brute-force hypergeometric sum on every small table", () => {
    // Prepare
    const cases: Array<[number, number, number, number]> = [];
    for (let total = 0; total <= 9; total++)
      for (let baselineTotal = 0; baselineTotal <= 9; baselineTotal++)
        for (let errors = 0; errors <= total; errors++)
          for (let baselineErrors = 0; baselineErrors <= baselineTotal; baselineErrors++)
            cases.push([errors, total, baselineErrors, baselineTotal]);

    // Act
    const worst = Math.max(
      ...cases.map(
        (c) =>
          Math.abs(fisher(...c) - bruteForceOneSided(...c)) /
          Math.max(bruteForceOneSided(...c), 1e-300),
      ),
    );

    // Assess
    expect(cases.length).toBeGreaterThan(2000);
    expect(worst).toBeLessThan(1e-12);
  });

  it("agrees with the brute-force sum at thousands of requests, tiny p values included", () => {
    // Prepare
    const cases: Array<[number, number, number, number]> = [
      [20, 3000, 80, 20000],
      [30, 3000, 80, 20000],
      [150, 3000, 80, 20000],
      [2, 15, 7, 300],
      [0, 2000, 5, 2000],
    ];

    // Act + Assess
    for (const c of cases) {
      const exact = bruteForceOneSided(...c);
      expect(Math.abs(fisher(...c) - exact) / exact, `table ${c.join("/")}`).toBeLessThan(1e-9);
    }
  });

  it("stays finite and agrees with the normal approximation with millions of requests", () => {
    // Prepare: 1.00% and 1.01..1.04% of four million requests each.
    const baseline: [number, number] = [40_000, 4_000_000];
    const currents: Array<[number, number]> = [40_400, 40_800, 41_200, 41_600].map((errors) => [
      errors,
      4_000_000,
    ]);

    // Act
    const ps = currents.map(([errors, total]) => fisher(errors, total, ...baseline));

    // Assess
    currents.forEach(([errors, total], i) => {
      const approx = normalApproximation(errors, total, ...baseline);
      expect(Math.abs((ps[i] ?? NaN) - approx) / approx).toBeLessThan(0.05);
    });
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
  });

  it("returns 1 where the sample under test is no worse, and a valid probability at the extremes", () => {
    // Act + Assess
    expect(fisher(0, 5_000_000, 100_000, 5_000_000)).toBe(1);
    expect(fisher(2_500_000, 5_000_000, 0, 5_000_000)).toBe(0);
    const even = fisher(50_000, 5_000_000, 50_000, 5_000_000);
    expect(even).toBeGreaterThan(0.4);
    expect(even).toBeLessThan(0.6);
  });

  it("rejects impossible tables", () => {
    // Act + Assess
    expect(() => fisher(5, 4, 0, 10)).toThrow(InputError);
    expect(() => fisher(-1, 4, 0, 10)).toThrow(InputError);
    expect(() => fisher(1.5, 4, 0, 10)).toThrow(InputError);
  });
});
