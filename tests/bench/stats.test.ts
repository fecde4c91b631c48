import { describe, expect, it } from "vitest";
import { median, quantile, ratio, summarize } from "../../bench/lib/stats.ts";

describe("bench statistics", () => {
  it("takes the middle sample, or the mean of the two middle ones", () => {
    // Act / Assess
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("interpolates quantiles between neighbouring samples", () => {
    // Prepare
    const samples = [10, 20, 30, 40, 50];

    // Act / Assess
    expect(quantile(samples, 0)).toBe(10);
    expect(quantile(samples, 1)).toBe(50);
    expect(quantile(samples, 0.9)).toBe(46);
  });

  it("refuses to summarise nothing or a fraction outside [0, 1]", () => {
    // Act / Assess
    expect(() => median([])).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it("summarises runs with their spread, rounded to hundredths", () => {
    // Prepare
    const samples = [1.234, 2.345, 3.456, 100];

    // Act
    const summary = summarize(samples);

    // Assess
    expect(summary).toEqual({
      runs: 4,
      medianMs: 2.9,
      p10Ms: 1.57,
      p90Ms: 71.04,
      minMs: 1.23,
      maxMs: 100,
    });
  });

  it("reports no ratio against zero", () => {
    // Act / Assess
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(10, 0)).toBeNull();
  });
});
