import { InputError } from "../errors/index.ts";
import type { AlarmSpec, Evaluation, RawPeriod } from "./types.ts";

/**
 * The alarm's value for one period from its raw sums, as its metric math would compute it;
 * undefined where CloudWatch would have no datapoint (no requests: no rate).
 */
export function valueOf(spec: AlarmSpec, raw: RawPeriod): number | undefined {
  if (spec.kind === "latency") return raw.latencyMs;
  const { requests, errors } = raw;
  if (requests === undefined || requests <= 0) return undefined;
  return (100 * (errors ?? 0)) / requests;
}

/**
 * CloudWatch's M-of-N rule over the last evaluationPeriods values (oldest first): ALARM when at
 * least datapointsToAlarm of them are above the threshold; missing values are not breaching.
 */
export function evaluate(
  spec: AlarmSpec,
  valuesOldestFirst: ReadonlyArray<number | null | undefined>,
): Evaluation {
  if (spec.datapointsToAlarm > spec.evaluationPeriods) {
    throw new InputError(
      `alarm ${spec.name}: datapointsToAlarm (${spec.datapointsToAlarm}) exceeds evaluationPeriods (${spec.evaluationPeriods})`,
    );
  }
  const window = valuesOldestFirst.slice(-spec.evaluationPeriods);
  const breaching = window.filter(
    (value) => typeof value === "number" && value > spec.threshold,
  ).length;
  const last = window.at(-1);
  return {
    state: breaching >= spec.datapointsToAlarm ? "ALARM" : "OK",
    breaching,
    ...(typeof last === "number" && { value: last }),
  };
}

/** Start (epoch ms) of each period the alarm evaluates at `now`, oldest first: its last evaluationPeriods complete periods. */
export function windowStarts(spec: AlarmSpec, now: string): number[] {
  const periodMs = spec.periodSeconds * 1000;
  const endMs = Math.floor(Date.parse(now) / periodMs) * periodMs;
  return Array.from(
    { length: spec.evaluationPeriods },
    (_, i) => endMs - (spec.evaluationPeriods - i) * periodMs,
  );
}

/** The alarm's value per period of its window at `now`, from alias-level period stats (missing periods stay missing). */
export function windowValues(
  spec: AlarmSpec,
  alias: ReadonlyArray<RawPeriod & { start: string }>,
  now: string,
): Array<number | undefined> {
  const byStart = new Map(alias.map((period) => [Date.parse(period.start), period]));
  return windowStarts(spec, now).map((start) => {
    const period = byStart.get(start);
    return period && valueOf(spec, period);
  });
}
