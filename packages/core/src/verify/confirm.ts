import { errorRatePercent, indexSeries } from "./series.ts";
import { clock, periodStart, toIso, toMs } from "./time.ts";
import type { ConfirmInput, ConfirmResult } from "./types.ts";

/**
 * Health after the shift, from the alias-level stats: the most recent complete period with traffic
 * decides (the first minutes after a shift can still carry cold starts and requests already in flight).
 * Without traffic after the shift there is nothing to judge: unknown.
 */
export function confirm(input: ConfirmInput): ConfirmResult {
  const nowMs = toMs(input.now, "now");
  const periodMs = input.periodSeconds * 1000;
  const completeBeforeMs = periodStart(nowMs, periodMs);
  const sinceMs =
    input.shiftedAt === undefined ? Number.NEGATIVE_INFINITY : toMs(input.shiftedAt, "shift time");
  const { errorRatePercent: maxRate, latencyMs: maxLatency } = input.thresholds;

  const periods = [...indexSeries(input.alias)]
    .filter(
      ([start, period]) =>
        start >= sinceMs && start + periodMs <= completeBeforeMs && period.invocations > 0,
    )
    .sort(([a], [b]) => a - b);
  const latest = periods.at(-1);
  const base = {
    periodsWithTraffic: periods.length,
    errorRateThresholdPercent: maxRate,
    latencyThresholdMs: maxLatency,
  };
  if (!latest) {
    return {
      outcome: "unknown",
      reason:
        "No traffic reached the alias in a complete period after the shift, so recovery cannot be judged yet.",
      numbers: {
        ...base,
        periodStart: null,
        invocations: 0,
        errors: 0,
        errorRatePercent: null,
        latencyMs: null,
      },
    };
  }
  const [startMs, period] = latest;
  const rate = errorRatePercent(period.errors, period.invocations) ?? 0;
  const latencyMs = period.latencyMs;
  const numbers = {
    ...base,
    periodStart: toIso(startMs),
    invocations: period.invocations,
    errors: period.errors,
    errorRatePercent: rate,
    latencyMs: latencyMs ?? null,
  };
  const latencyText =
    latencyMs === undefined
      ? "no latency data"
      : `${Math.round(latencyMs)} ms (threshold ${maxLatency} ms)`;
  const measured = `${rate.toFixed(2)}% errors (${period.errors} of ${period.invocations}, threshold ${maxRate}%) and ${latencyText}`;
  const healthy = rate <= maxRate && (latencyMs === undefined || latencyMs <= maxLatency);
  return healthy
    ? {
        outcome: "recovered",
        reason: `Recovered: the latest complete period after the shift (${clock(startMs)}) shows ${measured}.`,
        numbers,
      }
    : {
        outcome: "not-recovered",
        reason: `Not recovered: the latest complete period after the shift (${clock(startMs)}) still shows ${measured}.`,
        numbers,
      };
}
