/** Number formats for reasons people read in notifications; exact values stay in `numbers`. */

export function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function pValue(p: number): string {
  if (p === 0) return "< 1e-300";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(4);
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
