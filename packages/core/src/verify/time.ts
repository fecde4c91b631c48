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

/**
 * The alarm's last `count` periods as it evaluated them (docs/design.md "The decision"), and how
 * much of it is published: a period that ends after `knownEndMs` is not yet known, never healthy.
 */
export interface EvaluationWindow {
  /** Start of the first period. */
  startMs: number;
  /** End of the window's last period. */
  endMs: number;
  /** Start of the window's last period. */
  lastStartMs: number;
  /** Period starts, oldest first. */
  starts: number[];
  /** End of the window's published part: the periods that end at or before it are known. */
  knownEndMs: number;
  /** Start of the most recent known period of the window; undefined when none of it is published yet. */
  lastKnownStartMs?: number;
}

/**
 * `count` periods ending with the one that starts at `lastStartMs`. A period is known once it ends
 * by `knownUntilMs`, or earlier if `published(start)` says it has a datapoint already.
 */
export function windowEndingWith(
  lastStartMs: number,
  periodMs: number,
  count: number,
  knownUntilMs: number,
  published: (start: number) => boolean = () => false,
): EvaluationWindow {
  const endMs = lastStartMs + periodMs;
  const starts = Array.from({ length: count }, (_, i) => lastStartMs - (count - 1 - i) * periodMs);
  const startMs = endMs - count * periodMs;
  const known = starts.filter((start) => start + periodMs <= knownUntilMs || published(start));
  const lastKnownStartMs = known.at(-1);
  return {
    startMs,
    endMs,
    lastStartMs,
    starts,
    knownEndMs: lastKnownStartMs === undefined ? startMs : lastKnownStartMs + periodMs,
    ...(lastKnownStartMs !== undefined && { lastKnownStartMs }),
  };
}

/** The last `count` complete periods before `nowMs`, every one known: metrics published on time. */
export function evaluationWindow(nowMs: number, periodMs: number, count: number): EvaluationWindow {
  const endMs = periodStart(nowMs, periodMs);
  return windowEndingWith(endMs - periodMs, periodMs, count, endMs);
}

/** "14:05" (UTC) for reasons, with seconds only when a period does not start on a minute. */
export function clock(ms: number): string {
  return toIso(ms).slice(11, ms % MINUTE_MS === 0 ? 16 : 19);
}
