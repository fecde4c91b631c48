/** Scales and ticks for the status page's chart: plain numbers in, plain numbers out. */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a domain of zero width maps everything to r0. */
export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): Scale {
  const width = d1 - d0;
  return (value) => (width === 0 ? r0 : r0 + ((value - d0) / width) * (r1 - r0));
}

/** 1, 2, 2.5 or 5 times a power of ten: the step people read without effort. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const nice =
    fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Ticks from 0 up to the first nice value at or above `max`, about `count` steps; [0, 1] for no data. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max / count);
  const steps = Math.ceil(max / step - 1e-9);
  // Sums of a decimal step drift (0.1 * 3); rounding to the step's precision keeps labels exact.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toFixed(digits)));
}

const MINUTE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** Whole-minute UTC times within [fromMs, toMs], at most `max` of them, on a round step. */
export function timeTicks(fromMs: number, toMs: number, max = 10): number[] {
  const spanMinutes = (toMs - fromMs) / 60_000;
  const stepMinutes =
    MINUTE_STEPS.find((step) => spanMinutes / step <= max) ??
    Math.ceil(spanMinutes / max / 1440) * 1440;
  const stepMs = stepMinutes * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) ticks.push(t);
  return ticks;
}

/** "14:05" (UTC): an axis label. */
export function hourMinute(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 16);
}

/** Text and attribute values inside SVG markup. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** One decimal: enough for a screen, short in the markup. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
