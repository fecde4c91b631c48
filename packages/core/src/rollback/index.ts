export * from "../state/index.ts";
export { resolve } from "./resolve.ts";
export { lock, LOCK_TTL_SECONDS } from "./lock.ts";
export { verify } from "./verify.ts";
export { shift, describe as describeRouting } from "./shift.ts";
export { notify, RETRY_DELAYS_MS, type DeliveryOptions } from "./notify.ts";
export { invalidate, checkInvalidation } from "./invalidate.ts";
export { confirm } from "./confirm.ts";
export { record, fail, statusOf } from "./record.ts";
export { trigger, alarmExecutionInput, type TriggerResult } from "./trigger.ts";
export { notifyWatchOnly, watchOnlyReason, type WatchOnlyResult } from "./watch-only.ts";
export { evaluatedWindow } from "./window.ts";
export { knownUntil, publicationDelayMs } from "./publication.ts";
export { reconcile, reconcileAlias, type AliasReport } from "./reconcile.ts";
export {
  keepBaselineSummary,
  summaryBudget,
  SUMMARIES_PER_TICK,
  type BaselineOutcome,
  type SummaryBudget,
} from "./baseline.ts";
export { recheckNumber, recheckWanted } from "./recheck.ts";
export { recordProgress } from "./progress.ts";
export { alarmPrefix, latencyStatistic, topicArn } from "./env.ts";
