export type {
  AlarmKind,
  AlarmUnderTest,
  ConfirmInput,
  ConfirmOutcome,
  ConfirmResult,
  Decision,
  DecisionInput,
  DecisionMetrics,
  DecisionPolicy,
  DecisionRule,
  PeriodStats,
  RequiredMetrics,
  ServiceDecision,
  TimeRange,
  Verdict,
} from "./types.ts";
export { decide } from "./decide.ts";
export { combine } from "./combine.ts";
export { confirm } from "./confirm.ts";
export { requiredMetrics, BASELINE_MS, ONSET_LOOK_BACK_MS } from "./plan.ts";
export { fisherOneSided, logFactorial, type TwoByTwo } from "./fisher.ts";
export {
  MAX_P_VALUE,
  MIN_LATENCY_INCREASE_MS,
  MIN_LATENCY_RATIO,
  MIN_RATE_INCREASE_POINTS,
  MIN_RATE_RATIO,
} from "./effect.ts";
export { attribute, servedThroughout, versionsServed, type Attribution } from "./attribute.ts";
export { DecisionSchema } from "./schema.ts";
export {
  BaselineSummarySchema,
  summaryFor,
  type BaselineSummary,
  type SummaryInput,
  type SummaryKey,
} from "./baseline-summary.ts";
export { baselineRead, summarizeBaseline, type BaselineRead } from "./baseline-read.ts";
export { MINUTE_MS, periodStart, toIso, toMs } from "./time.ts";
