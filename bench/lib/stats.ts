/** Summaries of repeated measurements. Every figure the bench reports is a median of its samples. */

/** The value below which `fraction` of the samples lie, interpolated between neighbours (fraction 0.5: the median). */
export function quantile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) throw new RangeError("no samples to summarise");
  if (fraction < 0 || fraction > 1)
    throw new RangeError(`quantile fraction ${fraction} is outside [0, 1]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - below);
}

export function median(samples: readonly number[]): number {
  return quantile(samples, 0.5);
}

export interface Summary {
  /** How many samples the figures come from. */
  runs: number;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
}

/** Median with its spread, rounded to 0.01 ms (finer digits are noise on these machines). */
export function summarize(samples: readonly number[]): Summary {
  return {
    runs: samples.length,
    medianMs: round(median(samples)),
    p10Ms: round(quantile(samples, 0.1)),
    p90Ms: round(quantile(samples, 0.9)),
    minMs: round(Math.min(...samples)),
    maxMs: round(Math.max(...samples)),
  };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** a / b rounded, or null when b is zero (a ratio nobody can interpret is not reported). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : round(a / b, 2);
}
