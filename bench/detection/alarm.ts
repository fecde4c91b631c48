import * as Alarms from "@ripcord/core/alarms";
import { defineConfig } from "@ripcord/core/config";
import { PUBLICATION_DELAY_SECONDS, type SignalSource } from "@ripcord/core/signals";
import { evaluationTick } from "@ripcord/local/alarms";

/*
 * When CloudWatch would set off the demo's error-rate alarm, on simulated AWS time, for a bad
 * release whose first request lands `offsetSeconds` into its period. The alarm itself is core's:
 * its spec from the config (Alarms.specs), its window (Alarms.windowStarts over what is published),
 * its value per period (Alarms.valueOf) and M of N (Alarms.evaluate); the schedule is the
 * sandbox's evaluator's (evaluationTick); the delay is core's publication model (docs/design.md
 * "Signals": a period is visible once it ended plus the source's delay, as the sandbox's
 * MetricPublisher.visibleAt has it).
 */

/**
 * The demo's bad release (packages/local/src/demo.ts): release 3 fails about 9%, release 2 0.3%;
 * at a production-like ~1,400 requests a minute (the sandbox plays 120, which is enough for its
 * own run but not what a guarded API sees), so every 10 s period holds enough requests.
 */
export const DEMO_TRAFFIC = {
  requestsPerSecond: 1400 / 60,
  goodErrorRate: 0.003,
  badErrorRate: 0.09,
} as const;

/** The demo's thresholds: 5% errors, 2 of 3 periods. */
export const DEMO_ALARM = { errorRatePercent: 5, evaluationPeriods: 3, datapointsToAlarm: 2 };

/** Time zero of the model: the start of the first bad request's period (any period boundary decides the same). */
const ZERO_MS = Date.parse("2026-11-27T14:00:00.000Z");
/** No alarm within this many periods means the model is wrong, not slow. */
const MAX_PERIODS = 30;

/** The demo's error-rate alarm for one source and period, as core builds it from the config. */
export function demoAlarm(source: SignalSource, periodSeconds: number): Alarms.AlarmSpec {
  const config = defineConfig({
    services: {
      demo: {
        signal: source,
        functions: [{ name: "demo-api", alias: "production" }],
        alarms: { ...DEMO_ALARM, latencyMs: 1500, periodSeconds },
      },
    },
  });
  const spec = Alarms.specs(config, { prefix: "ripcord-bench", latencyStatistic: "p99" }).find(
    (s) => s.kind === "errorRate",
  );
  if (!spec) throw new RangeError(`core built no error-rate alarm for the ${source} demo`);
  return spec;
}

/**
 * One period's raw sums with requests spread evenly in time: the share of the period after the
 * first bad request fails at the bad rate, the rest at the good one (expected counts, no noise).
 */
export function periodRaw(startSeconds: number, periodSeconds: number, offsetSeconds: number) {
  const end = startSeconds + periodSeconds;
  const badSeconds = Math.min(
    Math.max(end - Math.max(startSeconds, offsetSeconds), 0),
    periodSeconds,
  );
  const requests = DEMO_TRAFFIC.requestsPerSecond * periodSeconds;
  const badShare = badSeconds / periodSeconds;
  const rate = badShare * DEMO_TRAFFIC.badErrorRate + (1 - badShare) * DEMO_TRAFFIC.goodErrorRate;
  return { requests, errors: requests * rate };
}

export interface AlarmTiming {
  offsetSeconds: number;
  /** The evaluation at which the alarm enters ALARM, seconds after its period's start (time zero). */
  alarmAtSeconds: number;
  /** End of the period that completed M of N, seconds after time zero. */
  lastNeededPeriodEndSeconds: number;
  publicationDelaySeconds: number;
  /** From that period being visible to the next evaluation. */
  scheduleWaitSeconds: number;
  /** Periods the alarm saw breaching when it fired. */
  breaching: number;
}

const iso = (seconds: number): string => new Date(ZERO_MS + seconds * 1000).toISOString();

/** Walks CloudWatch's evaluations from the first bad request until the alarm enters ALARM. */
export function alarmTiming(spec: Alarms.AlarmSpec, offsetSeconds: number): AlarmTiming {
  const period = spec.periodSeconds;
  const delay = PUBLICATION_DELAY_SECONDS[spec.signal];
  let tickMs = evaluationTick(ZERO_MS + offsetSeconds * 1000, period);
  const lastTickMs = ZERO_MS + MAX_PERIODS * period * 1000;
  for (; tickMs <= lastTickMs; tickMs = evaluationTick(tickMs + 1, period)) {
    const at = (tickMs - ZERO_MS) / 1000;
    // What CloudWatch holds at the evaluation: periods that ended at least `delay` ago.
    const starts = Alarms.windowStarts(spec, iso(at - delay)).map((ms) => (ms - ZERO_MS) / 1000);
    const values = starts.map((start) =>
      Alarms.valueOf(spec, periodRaw(start, period, offsetSeconds)),
    );
    const evaluation = Alarms.evaluate(spec, values);
    if (evaluation.state !== "ALARM") continue;
    const lastStart = starts.at(-1) ?? 0;
    const lastNeededPeriodEndSeconds = lastStart + period;
    return {
      offsetSeconds,
      alarmAtSeconds: at,
      lastNeededPeriodEndSeconds,
      publicationDelaySeconds: delay,
      scheduleWaitSeconds: at - (lastNeededPeriodEndSeconds + delay),
      breaching: evaluation.breaching,
    };
  }
  throw new RangeError(
    `${spec.name}: no ALARM within ${MAX_PERIODS} periods of a first bad request at ${offsetSeconds} s`,
  );
}
