import { InputError } from "../errors/index.ts";

/** Exact ln(n!) below this, Stirling's series above (its error there is below 1e-20). */
const TABLE_SIZE = 256;
const LOG_FACTORIALS = (() => {
  const table = [0];
  for (let n = 1; n < TABLE_SIZE; n++) table.push((table[n - 1] ?? 0) + Math.log(n));
  return table;
})();

export function logFactorial(n: number): number {
  const exact = LOG_FACTORIALS[n];
  if (exact !== undefined) return exact;
  const inverse = 1 / n;
  const inverseSquared = inverse * inverse;
  const series =
    inverse *
    (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared / 1680)));
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + series;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** A 2x2 table: failures and totals of a sample under test and of a reference sample. */
export interface TwoByTwo {
  errors: number;
  total: number;
  baselineErrors: number;
  baselineTotal: number;
}

function checkCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new InputError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * Fisher's exact test, one-sided: the probability, with both samples drawn from one error rate, of
 * seeing at least `errors` failures in the sample under test (small p: its rate is higher).
 * Works in log space and sums the tail through the hypergeometric term ratio, starting from the
 * tail's largest term, so it stays exact to ~1e-9 relative with counts in the millions.
 */
export function fisherOneSided(table: TwoByTwo): number {
  const { errors, total, baselineErrors, baselineTotal } = table;
  checkCount(errors, "errors");
  checkCount(total, "total");
  checkCount(baselineErrors, "baselineErrors");
  checkCount(baselineTotal, "baselineTotal");
  if (errors > total || baselineErrors > baselineTotal)
    throw new InputError("errors cannot exceed their total");

  const population = total + baselineTotal;
  const failures = errors + baselineErrors;
  const drawn = total;
  const lowest = Math.max(0, drawn - (population - failures));
  const highest = Math.min(drawn, failures);
  if (errors <= lowest) return 1;

  const logTerm = (x: number): number =>
    logChoose(failures, x) +
    logChoose(population - failures, drawn - x) -
    logChoose(population, drawn);
  // Term ratios: p(x+1)/p(x) going up, p(x-1)/p(x) going down.
  const up = (x: number): number =>
    ((failures - x) * (drawn - x)) / ((x + 1) * (population - failures - drawn + x + 1));
  const down = (x: number): number =>
    (x * (population - failures - drawn + x)) / ((failures - x + 1) * (drawn - x + 1));

  const mode = Math.floor(((drawn + 1) * (failures + 1)) / (population + 2));
  if (errors > mode) return Math.min(1, tail(errors, highest, 1, logTerm, up));
  // Below the mode the upper tail is most of the mass: take the complement of the (small) lower tail.
  return Math.max(0, 1 - tail(errors - 1, lowest, -1, logTerm, down));
}

/** Sum of terms from `start` to `end` (inclusive) moving away from the mode, so terms only shrink. */
function tail(
  start: number,
  end: number,
  step: 1 | -1,
  logTerm: (x: number) => number,
  ratio: (x: number) => number,
): number {
  let relative = 1;
  let sum = 1;
  for (let x = start; x !== end; x += step) {
    relative *= ratio(x);
    sum += relative;
    if (relative < sum * 1e-17) break;
  }
  return Math.exp(logTerm(start)) * sum;
}
