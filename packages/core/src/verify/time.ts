import { InputError } from "../errors/index.ts";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function toMs(iso: string, what = "time"): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new InputError(`${what} "${iso}" is not an ISO-8601 time`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Start of the period containing `ms`; CloudWatch aligns periods to multiples of their length. */
export function periodStart(ms: number, periodMs: number): number {
  return Math.floor(ms / periodMs) * periodMs;
}

/** The alarm's last `count` periods, ending with the most recent complete period before `now`. */
export interface EvaluationWindow {
  /** Start of the first period. */
  startMs: number;
  /** End of the most recent complete period. */
  endMs: number;
  /** Start of the most recent complete period. */
  lastStartMs: number;
  /** Period starts, oldest first. */
  starts: number[];
}

export function evaluationWindow(nowMs: number, periodMs: number, count: number): EvaluationWindow {
  const endMs = periodStart(nowMs, periodMs);
  const lastStartMs = endMs - periodMs;
  const starts = Array.from({ length: count }, (_, i) => lastStartMs - (count - 1 - i) * periodMs);
  return { startMs: endMs - count * periodMs, endMs, lastStartMs, starts };
}

/** "14:05" (UTC) for reasons, with seconds only when a period does not start on a minute. */
export function clock(ms: number): string {
  return toIso(ms).slice(11, ms % MINUTE_MS === 0 ? 16 : 19);
}
