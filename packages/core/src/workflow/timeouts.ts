import type { StepFunction } from "./steps.ts";

/*
 * How long each step may take, from its own waits, for infra (each step function's Lambda
 * timeout) and the definition (each Task's TimeoutSeconds, the machine's). A Task that outlives
 * its function's timeout plus Lambda's start-up is stuck, not slow: Step Functions then fails it
 * with States.Timeout, its Retry runs it again, and the machine's own timeout ends a run that can
 * no longer finish (and the failed-rollbacks health alarm pages).
 */

/** One AWS call: the SDK's standard mode makes 3 attempts, throttling backoff included. */
const SDK_CALL_SECONDS = 5;

/** Rounds of AWS calls a step makes one after another (calls made together count once). */
const CALL_ROUNDS: Readonly<Record<StepFunction, number>> = {
  // The alias and ledger of every function and the service's guards, read together, then the target.
  resolve: 3,
  // The lock and guards in one transaction beside the run's record, then the day's count; when the
  // transaction is refused, the guards read, the lock taken plainly (its holder read when held) and
  // the guards read again; the lock released on a refusal.
  lock: 6,
  // The firing alarm's metrics (paged) beside the other alarms' states, then theirs.
  verify: 4,
  // Per alias, up to 3 attempts of: re-read alias and target version, UpdateAlias, re-read.
  shift: 9,
  // Each channel with its own retries (RETRY_DELAYS_MS, 1.25 s), and the progress write.
  notify: 4,
  invalidate: 1,
  checkInvalidation: 1,
  // Every function's metrics, read together (paged).
  confirm: 2,
  // Lock, cooldown, record, steps and every function's ledger, each write retried twice more.
  record: 9,
  // The same writes as Record, and the notification of the failure.
  fail: 10,
};

/** Lambda's timeouts come in whole seconds; these are rounded up to 10 s, at least 30 s. */
function lambdaTimeout(rounds: number): number {
  return Math.max(30, Math.ceil((rounds * SDK_CALL_SECONDS) / 10) * 10);
}

/** Each step function's Lambda timeout, in seconds (infra/steps.ts sets it). */
export const STEP_TIMEOUT_SECONDS: Readonly<Record<StepFunction, number>> = {
  resolve: lambdaTimeout(CALL_ROUNDS.resolve),
  lock: lambdaTimeout(CALL_ROUNDS.lock),
  verify: lambdaTimeout(CALL_ROUNDS.verify),
  shift: lambdaTimeout(CALL_ROUNDS.shift),
  notify: lambdaTimeout(CALL_ROUNDS.notify),
  invalidate: lambdaTimeout(CALL_ROUNDS.invalidate),
  checkInvalidation: lambdaTimeout(CALL_ROUNDS.checkInvalidation),
  confirm: lambdaTimeout(CALL_ROUNDS.confirm),
  record: lambdaTimeout(CALL_ROUNDS.record),
  fail: lambdaTimeout(CALL_ROUNDS.fail),
};

/**
 * Lambda's init phase (a cold start) runs before the function's timeout starts and may take up
 * to 10 s; the invoke round trip adds a little more.
 */
export const INVOKE_OVERHEAD_SECONDS = 15;

/** A Task's TimeoutSeconds: its function's timeout plus a cold start. */
export function taskTimeoutSeconds(step: StepFunction): number {
  return STEP_TIMEOUT_SECONDS[step] + INVOKE_OVERHEAD_SECONDS;
}
