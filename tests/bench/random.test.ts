import { describe, expect, it } from "vitest";
import { Random } from "../../bench/decisions/random.ts";

function draws(random: Random, count: number, draw: (r: Random) => number): number[] {
  return Array.from({ length: count }, () => draw(random));
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe("Random", () => {
  it("repeats the same sequence for the same seed and another for another seed", () => {
    // Prepare
    const first = new Random("seed-a");
    const again = new Random("seed-a");
    const other = new Random("seed-b");

    // Act
    const a = draws(first, 5, (r) => r.next());
    const b = draws(again, 5, (r) => r.next());
    const c = draws(other, 5, (r) => r.next());

    // Assess
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    for (const value of a) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of a) expect(value).toBeLessThan(1);
  });

  it("keeps int() inside its bounds and reaches both ends", () => {
    // Prepare
    const random = new Random("ints");

    // Act
    const values = draws(random, 2000, (r) => r.int(3, 5));

    // Assess
    expect(new Set(values)).toEqual(new Set([3, 4, 5]));
  });

  it.each([
    ["small mean (exact)", 4],
    ["large mean (normal approximation)", 800],
  ])("draws Poisson counts around the mean: %s", (_label, expected) => {
    // Prepare
    const random = new Random(`poisson-${expected}`);

    // Act
    const values = draws(random, 5000, (r) => r.poisson(expected));

    // Assess: the standard error of the mean is sqrt(mean / 5000), so 5 of them is far beyond chance.
    expect(Math.abs(mean(values) - expected)).toBeLessThan(5 * Math.sqrt(expected / 5000));
    for (const value of values) expect(Number.isInteger(value) && value >= 0).toBe(true);
  });

  it.each([
    ["few trials (exact)", 12, 0.3],
    ["many trials (normal approximation)", 5000, 0.04],
  ])("draws binomial failures around n*p within [0, n]: %s", (_label, trials, probability) => {
    // Prepare
    const random = new Random(`binomial-${trials}`);
    const expected = trials * probability;

    // Act
    const values = draws(random, 4000, (r) => r.binomial(trials, probability));

    // Assess
    expect(Math.abs(mean(values) - expected)).toBeLessThan(
      5 * Math.sqrt((expected * (1 - probability)) / 4000),
    );
    for (const value of values) expect(value >= 0 && value <= trials).toBe(true);
  });

  it("returns the edge cases of binomial exactly", () => {
    // Prepare
    const random = new Random("edges");

    // Act / Assess
    expect(random.binomial(0, 0.5)).toBe(0);
    expect(random.binomial(10, 0)).toBe(0);
    expect(random.binomial(10, 1)).toBe(10);
    expect(random.poisson(0)).toBe(0);
  });

  it("refuses to pick from an empty list", () => {
    // Prepare
    const random = new Random("empty");

    // Act / Assess
    expect(() => random.pick([])).toThrow(RangeError);
  });
});
