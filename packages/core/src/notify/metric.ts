import { SOURCES, type SignalSource } from "../signals/index.ts";
import type { RollbackState } from "../state/index.ts";
import { MAX_P_VALUE, MIN_LATENCY_INCREASE_MS, MIN_LATENCY_RATIO } from "../verify/effect.ts";
import type { AlarmKind, Decision } from "../verify/types.ts";
import { count, millis, pValue, percent, span, thresholdPercent } from "./format.ts";

/** The metric that fired, as the deciding verdict measured it; words for people, `numbers` exact. */
export interface FiringMetric {
  alarm: string;
  function: string;
  kind?: AlarmKind;
  /** The service's signal source: it names the error measure ("HTTP 5xx rate", "Lambda errors"). */
  signal?: SignalSource;
  version?: string;
  baselineVersion?: string;
  value?: string;
  threshold?: string;
  baseline?: string;
  pValue?: string;
  window?: string;
  onset?: string;
  numbers: Decision["numbers"];
}

type Numbers = Decision["numbers"];

function num(numbers: Numbers, key: string): number | undefined {
  const value = numbers[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function text(numbers: Numbers, key: string): string | undefined {
  const value = numbers[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The decision behind the service's verdict: the first with that verdict, else the firing alarm's. */
export function decidingDecision(state: RollbackState): Decision | undefined {
  const verify = state.verify;
  if (!verify) return undefined;
  return (
    verify.decisions.find((d) => d.verdict === verify.verdict) ??
    verify.decisions.find((d) => d.alarm === state.alarm?.name) ??
    verify.decisions[0]
  );
}

/** Decisions do not carry the alarm's kind: the trigger knows it for the firing alarm, the numbers tell for the others. */
function kindOf(decision: Decision, state: RollbackState): AlarmKind | undefined {
  if (state.alarm && state.alarm.name === decision.alarm) return state.alarm.kind;
  const n = decision.numbers;
  if (["currentErrorRatePercent", "baselineErrorRatePercent"].some((key) => key in n))
    return "errorRate";
  if (["requiredLatencyMs", "baselineMedianLatencyMs"].some((key) => key in n)) return "latency";
  return undefined;
}

function requests(errors: number | undefined, total: number | undefined): string {
  return errors === undefined || total === undefined
    ? ""
    : ` (${count(errors)} of ${count(total)} requests)`;
}

function errorRate(n: Numbers): Pick<FiringMetric, "value" | "threshold" | "baseline" | "pValue"> {
  const rate = num(n, "currentErrorRatePercent");
  const threshold = num(n, "alarmThreshold");
  const baseRate = num(n, "baselineErrorRatePercent");
  const p = num(n, "pValue");
  return {
    ...(rate !== undefined && {
      value: `${percent(rate)}${requests(num(n, "currentErrors"), num(n, "currentRequests"))}`,
    }),
    ...(threshold !== undefined && { threshold: thresholdPercent(threshold) }),
    ...(baseRate !== undefined && {
      baseline: `${percent(baseRate)}${requests(num(n, "baselineErrors"), num(n, "baselineRequests"))}`,
    }),
    ...(p !== undefined && { pValue: pValue(p) }),
  };
}

function latency(n: Numbers): Pick<FiringMetric, "value" | "threshold" | "baseline"> {
  const fastest = num(n, "currentMinLatencyMs");
  const slowest = num(n, "currentMaxLatencyMs");
  const threshold = num(n, "alarmThreshold");
  const median = num(n, "baselineMedianLatencyMs");
  const value =
    fastest === undefined
      ? undefined
      : slowest === undefined || slowest === fastest
        ? millis(fastest)
        : `${millis(fastest).replace(" ms", "")}-${millis(slowest)}`;
  return {
    ...(value !== undefined && { value: `${value} per period` }),
    ...(threshold !== undefined && { threshold: millis(threshold) }),
    ...(median !== undefined && { baseline: `median ${millis(median)}` }),
  };
}

export function firingMetric(state: RollbackState): FiringMetric | undefined {
  const decision = decidingDecision(state);
  if (!decision) return undefined;
  const n = decision.numbers;
  const kind = kindOf(decision, state);
  const version = decision.currentVersion ?? text(n, "currentVersion");
  const baselineVersion = text(n, "baselineVersion");
  const windowStart = text(n, "windowStart");
  const windowEnd = text(n, "windowEnd");
  const onset = text(n, "onset");
  return {
    alarm: decision.alarm,
    function: decision.function,
    ...(kind && { kind }),
    ...(decision.signal && { signal: decision.signal }),
    ...(version && { version }),
    ...(baselineVersion && { baselineVersion }),
    ...(kind === "errorRate" ? errorRate(n) : kind === "latency" ? latency(n) : {}),
    ...(windowStart && windowEnd && { window: span(windowStart, windowEnd) }),
    ...(onset && { onset }),
    numbers: n,
  };
}

/** How the error measure is named: the source's wording ("HTTP 5xx rate"), "error rate" when unknown. */
export function errorMeasureName(signal: SignalSource | undefined): string {
  return signal ? SOURCES[signal].errorWording : "error rate";
}

/** "HTTP 5xx rate of api version 3: 15.00% (...); threshold 5%; baseline (version 2) 0.40% (...)" */
export function describeMetric(metric: FiringMetric): string {
  const name =
    metric.kind === "latency"
      ? "latency"
      : metric.kind === "errorRate"
        ? errorMeasureName(metric.signal)
        : "alarm";
  const parts = [
    `${name} of ${metric.function}${metric.version ? ` version ${metric.version}` : ""}: ${metric.value ?? "not measured"}${metric.window ? ` over ${metric.window}` : ""}`,
    ...(metric.threshold ? [`threshold ${metric.threshold}`] : []),
    ...(metric.baseline
      ? [
          `baseline${metric.baselineVersion ? ` (version ${metric.baselineVersion})` : ""} ${metric.baseline}`,
        ]
      : []),
  ];
  return parts.join("; ");
}

/** The p-value line: Fisher's test for error rates; latency is judged per period, with no test. */
export function describePValue(metric: FiringMetric): string | undefined {
  if (metric.pValue)
    return `${metric.pValue} (Fisher's exact test, one-sided; significant below ${MAX_P_VALUE})`;
  if (metric.kind === "latency" && metric.value) {
    return `none: latency is judged period by period (${MIN_LATENCY_RATIO}x and +${MIN_LATENCY_INCREASE_MS} ms the baseline), not by a test`;
  }
  return undefined;
}
