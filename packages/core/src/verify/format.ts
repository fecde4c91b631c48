/** Number formats for reasons people read in notifications; exact values stay in `numbers`. */

export function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** "p = 0.0628", "p = 2.24e-72", or "p < 1e-300" where the probability underflows. */
export function pValue(p: number): string {
  if (p < 1e-300) return "p < 1e-300";
  return `p = ${p < 0.001 ? p.toExponential(2) : p.toFixed(4)}`;
}

export function millis(value: number): string {
  return `${count(Math.round(value))} ms`;
}

export function times(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

export function list(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} and ${values.at(-1)}`;
}
