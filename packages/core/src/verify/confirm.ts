import { errorRatePercent, indexSeries } from "./series.ts";
import { clock, periodStart, toIso, toMs } from "./time.ts";
import type { ConfirmInput, ConfirmResult } from "./types.ts";

/**
 * Health after the shift, from the target version's own stats (never the alias level, which in the
 * period of the shift still carries the old version's last requests): the most recent complete,
 * published period with traffic decides (the first minutes after a shift can still carry cold
 * starts). Without such a period there is nothing to judge: unknown, never recovered.
 */
export function confirm(input: ConfirmInput): ConfirmResult {
  const nowMs = toMs(input.now, "now");
  const periodMs = input.periodSeconds * 1000;
  const knownUntilMs = Math.min(
    periodStart(nowMs, periodMs),
    input.knownUntil === undefined ? nowMs : toMs(input.knownUntil, "knownUntil"),
  );
  const sinceMs =
    input.shiftedAt === undefined ? Number.NEGATIVE_INFINITY : toMs(input.shiftedAt, "shift time");
  const { errorRatePercent: maxRate, latencyMs: maxLatency } = input.thresholds;
  const version = input.version;

  const periods = [...indexSeries(input.stats)]
    .filter(
      ([start, period]) =>
        start >= sinceMs && start + periodMs <= knownUntilMs && period.requests > 0,
    )
    .sort(([a], [b]) => a - b);
  const latest = periods.at(-1);
  const base = {
    version,
    knownUntil: toIso(knownUntilMs),
    periodsWithTraffic: periods.length,
    errorRateThresholdPercent: maxRate,
    latencyThresholdMs: maxLatency,
  };
  if (!latest) {
    return {
      outcome: "unknown",
      reason: `No traffic reached version ${version} in a complete, published period after the shift, so recovery cannot be judged yet.`,
      numbers: {
        ...base,
        periodStart: null,
        requests: 0,
        errors: 0,
        errorRatePercent: null,
        latencyMs: null,
      },
    };
  }
  const [startMs, period] = latest;
  const rate = errorRatePercent(period.errors, period.requests) ?? 0;
  const latencyMs = period.latencyMs;
  const numbers = {
    ...base,
    periodStart: toIso(startMs),
    requests: period.requests,
    errors: period.errors,
    errorRatePercent: rate,
    latencyMs: latencyMs ?? null,
  };
  const latencyText =
    latencyMs === undefined
      ? "no latency data"
      : `${Math.round(latencyMs)} ms (threshold ${maxLatency} ms)`;
  const measured = `${rate.toFixed(2)}% errors (${period.errors} of ${period.requests}, threshold ${maxRate}%) and ${latencyText}`;
  const healthy = rate <= maxRate && (latencyMs === undefined || latencyMs <= maxLatency);
  return healthy
    ? {
        outcome: "recovered",
        reason: `Recovered: version ${version} itself, in the latest published period after the shift (${clock(startMs)}), shows ${measured}.`,
        numbers,
      }
    : {
        outcome: "not-recovered",
        reason: `Not recovered: version ${version} itself, in the latest published period after the shift (${clock(startMs)}), still shows ${measured}.`,
        numbers,
      };
}
