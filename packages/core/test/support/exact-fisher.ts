/** Reference implementations for testing Fisher's exact test: exact rational arithmetic, no shortcuts. */

function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

/** num/den as a double, without overflowing on huge integers. */
function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = bitLength(den) - bitLength(num) + 64;
  const scaled = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift));
  return Number(scaled) * 2 ** -shift;
}

/** P(X >= errors) for the hypergeometric table, summed term by term in exact integers. */
export function bruteForceOneSided(
  errors: number,
  total: number,
  baselineErrors: number,
  baselineTotal: number,
): number {
  const failures = errors + baselineErrors;
  const population = total + baselineTotal;
  let tail = 0n;
  for (let x = errors; x <= Math.min(total, failures); x++)
    tail += choose(failures, x) * choose(population - failures, total - x);
  return ratio(tail, choose(population, total));
}

/** Complementary error function (Numerical Recipes erfcc, relative error below 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * The normal approximation of the same tail (hypergeometric mean and variance, continuity
 * correction); with counts in the millions it agrees with the exact test to within a few percent.
 */
export function normalApproximation(
  errors: number,
  total: number,
  baselineErrors: number,
  baselineTotal: number,
): number {
  const population = total + baselineTotal;
  const failures = errors + baselineErrors;
  const mean = (total * failures) / population;
  const variance =
    (total * failures * (population - failures) * baselineTotal) /
    (population * population * (population - 1));
  const z = (errors - 0.5 - mean) / Math.sqrt(variance);
  return 0.5 * erfc(z / Math.SQRT2);
}
