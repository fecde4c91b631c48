import { STEP_FUNCTIONS, type StepArns, type StepFunction } from "./steps.ts";
import { taskTimeoutSeconds } from "./timeouts.ts";

/**
 * The rollback state machine as Amazon States Language (JSONPath). Built once here and deployed
 * as-is by infra, and run as-is by the sandbox and the tests in aws-local-stepfunctions.
 *
 * Nothing slow sits before the shift: Resolve, then Lock and Verify side by side (a Parallel
 * state: neither needs the other's result, and the shift waits for both), then Shift; the first
 * notification, the invalidation and the confirmation wait all come after it.
 */

/**
 * Errors worth another try: our own TransientError (throttling/5xx after SDK retries) and Lambda's
 * service faults, the ones the Step Functions guide's "Handling errors" recommends retrying for a
 * Lambda task, ClientExecutionTimeoutException included (Lambda did not answer the invoke in time).
 */
export const RETRYABLE_ERRORS = [
  "TransientError",
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.ClientExecutionTimeoutException",
  "Lambda.TooManyRequestsException",
  "Lambda.Unknown",
] as const;

export interface DefinitionOptions {
  /** Seconds between two checks of the CloudFront invalidation. */
  invalidationPollSeconds?: number;
  /** Checks of the invalidation before Ripcord stops waiting (and warns). */
  invalidationMaxChecks?: number;
}

type State = Record<string, unknown>;

/** The whole definition: every state by name. */
export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  /** Ends a run that can no longer finish (a Standard workflow would otherwise wait a year). */
  TimeoutSeconds: number;
  States: Record<string, State>;
}

/** The config's bound on a service's confirmAfterSeconds (config/schema.ts): WaitBeforeConfirm's longest wait. */
export const MAX_CONFIRM_AFTER_SECONDS = 3600;

export type NotifyPhase = "skipped" | "held" | "shifted" | "outcome";

/**
 * Where a step that may fail after the shift leaves its error (Catch ResultPath). Top-level keys,
 * since a Catch cannot write below a field that does not exist yet. Record turns them into warnings.
 */
export const WARNING_KEYS = [
  "notifySkippedError",
  "notifyHeldError",
  "notifyShiftedError",
  "notifyOutcomeError",
  "invalidateError",
  "confirmError",
] as const;

const RETRY = {
  IntervalSeconds: 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 8,
} as const;

const retry = [{ ErrorEquals: [...RETRYABLE_ERRORS], ...RETRY, JitterStrategy: "FULL" }];

/** The longest a Task state can last: every attempt near its timeout, every backoff at its cap. */
function withRetries(step: StepFunction): number {
  let backoff = 0;
  for (let retry = 0; retry < RETRY.MaxAttempts; retry++) {
    backoff += Math.min(RETRY.IntervalSeconds * RETRY.BackoffRate ** retry, RETRY.MaxDelaySeconds);
  }
  return (1 + RETRY.MaxAttempts) * taskTimeoutSeconds(step) + backoff;
}

/**
 * The longest run that still finishes: every task of the longest path (a shift with an
 * invalidation waited on to its last check, the longest confirmation wait, and a failure at the
 * end) at its longest.
 */
export function machineTimeoutSeconds(pollSeconds: number, maxChecks: number): number {
  const path: StepFunction[] = [
    "resolve",
    "lock",
    "verify",
    "shift",
    "notify",
    "invalidate",
    "confirm",
    "notify",
    "record",
    "fail",
  ];
  const tasks = path.reduce((total, step) => total + withRetries(step), 0);
  const invalidation = maxChecks * (pollSeconds + withRetries("checkInvalidation"));
  return tasks + invalidation + MAX_CONFIRM_AFTER_SECONDS;
}

/** Any unexpected error goes to the failure path, which records, notifies and releases the lock. */
const toFailure = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "HandleFailure" }];

/** A Task state; `next` undefined ends its (branch's) machine. */
function task(
  arns: StepArns,
  step: StepFunction,
  resultPath: string,
  next: string | undefined,
  extra: State = {},
): State {
  return {
    Type: "Task",
    Resource: arns[step],
    TimeoutSeconds: taskTimeoutSeconds(step),
    ResultPath: resultPath,
    Retry: retry,
    Catch: toFailure,
    ...(next === undefined ? { End: true } : { Next: next }),
    ...extra,
  };
}

/**
 * One branch of LockAndVerify: the step's task, whose failure (after its Retry) ends the branch
 * with the error at `errorPath` instead of failing the Parallel. A failed branch would stop the
 * Parallel at once, while the other branch's Lambda runs on (the Step Functions guide, "Parallel
 * workflow state", https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html: a
 * failing branch fails the whole state and stops the others; a Lambda already invoked is not
 * stopped): Lock could take the lock after the failure path had released it, and hold the service
 * for the lock's TTL. So both always finish, and the Choice after them routes an error onward.
 */
function branch(arns: StepArns, state: string, step: StepFunction, errorPath: string): State {
  const failed = `${state}Caught`;
  return {
    StartAt: state,
    States: {
      [state]: task(arns, step, `$.${step}`, undefined, {
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: errorPath, Next: failed }],
      }),
      [failed]: { Type: "Pass", End: true },
    },
  };
}

/** Moves a branch's error to `$.error`, where HandleFailure reads it, and goes there. */
function toHandleFailure(errorPath: string): State {
  return { Type: "Pass", InputPath: errorPath, ResultPath: "$.error", Next: "HandleFailure" };
}

/** A notification task: its input is the phase plus the whole state. */
function notify(arns: StepArns, phase: NotifyPhase, next: string, onError: "fail" | "warn"): State {
  const key = `notify${phase[0]!.toUpperCase()}${phase.slice(1)}`;
  const warnPath = `$.${key}Error`;
  return task(arns, "notify", `$.${key}`, next, {
    Parameters: { phase, "state.$": "$" },
    Catch:
      onError === "warn"
        ? [{ ErrorEquals: ["States.ALL"], ResultPath: warnPath, Next: next }]
        : toFailure,
  });
}

/**
 * A reconciler's re-check (input `recheck`) that does not shift goes straight to `quiet`; any other
 * run to `loud`, its notification.
 */
function quietRecheck(quiet: string, loud: string): State {
  return {
    Type: "Choice",
    Choices: [{ Variable: "$.recheck", IsPresent: true, Next: quiet }],
    Default: loud,
  };
}

export function definition(
  arns: StepArns,
  options: DefinitionOptions = {},
): StateMachineDefinition {
  const pollSeconds = options.invalidationPollSeconds ?? 10;
  const maxChecks = options.invalidationMaxChecks ?? 60;
  return {
    Comment:
      "Ripcord: verify a regression, shift the alias back to the last known-good version, invalidate, confirm, notify",
    StartAt: "Resolve",
    TimeoutSeconds: machineTimeoutSeconds(pollSeconds, maxChecks),
    States: {
      Resolve: task(arns, "resolve", "$.resolved", "LockAndVerify"),
      // Each branch gets the whole state and returns it with its result added (ResultPath); the
      // two are merged into one state (shallow: they differ only in $.lock and $.verify, and in
      // each branch's error key), as the later steps expect it.
      LockAndVerify: {
        Type: "Parallel",
        Branches: [
          branch(arns, "Lock", "lock", "$.lockError"),
          branch(arns, "Verify", "verify", "$.verifyError"),
        ],
        // Intrinsic functions are allowed in ResultSelector (the guide's "Intrinsic functions for
        // JSONPath states"); JsonMerge(a, b, false) is a shallow merge, b's keys winning.
        ResultSelector: { "state.$": "States.JsonMerge($[0], $[1], false)" },
        OutputPath: "$.state",
        Catch: toFailure,
        Next: "Checked",
      },
      // Lock's failure first (it may hold the lock: Fail releases it by owner); then a refused
      // lock, whatever Verify said (another run is acting, or a guard says no); then Verify's failure.
      Checked: {
        Type: "Choice",
        Choices: [
          { Variable: "$.lockError", IsPresent: true, Next: "LockFailed" },
          { Variable: "$.lock.acquired", BooleanEquals: false, Next: "SkippedRecheck" },
          { Variable: "$.verifyError", IsPresent: true, Next: "VerifyFailed" },
        ],
        Default: "Decide",
      },
      LockFailed: toHandleFailure("$.lockError"),
      VerifyFailed: toHandleFailure("$.verifyError"),
      // A re-check the Lock refused says nothing: the run it re-checks already told the team.
      SkippedRecheck: quietRecheck("RecordSkipped", "NotifySkipped"),
      // The lock belongs to someone else (or the service is paused / cooling down): say why, touch nothing.
      NotifySkipped: notify(arns, "skipped", "RecordSkipped", "warn"),
      RecordSkipped: task(arns, "record", "$.recorded", "Done"),
      Decide: {
        Type: "Choice",
        Choices: [{ Variable: "$.verify.action", StringEquals: "shift", Next: "Shift" }],
        Default: "HeldRecheck",
      },
      // A re-check that holds again is recorded without a message: at most two per rollback.
      HeldRecheck: quietRecheck("Record", "NotifyHold"),
      Shift: task(arns, "shift", "$.shift", "Shifted"),
      Shifted: {
        Type: "Choice",
        Choices: [{ Variable: "$.shift.shifted", BooleanEquals: true, Next: "NotifyShifted" }],
        Default: "NotifyHold",
      },
      NotifyHold: notify(arns, "held", "Record", "warn"),
      // From here on the alias is restored: a failure only adds a warning, it never undoes the shift.
      NotifyShifted: notify(arns, "shifted", "HasDistribution", "warn"),
      HasDistribution: {
        Type: "Choice",
        Choices: [{ Variable: "$.resolved.cloudfront", IsPresent: true, Next: "Invalidate" }],
        Default: "WaitBeforeConfirm",
      },
      Invalidate: task(arns, "invalidate", "$.invalidation", "WaitForInvalidation", {
        Catch: [
          {
            ErrorEquals: ["States.ALL"],
            ResultPath: "$.invalidateError",
            Next: "WaitBeforeConfirm",
          },
        ],
      }),
      WaitForInvalidation: { Type: "Wait", Seconds: pollSeconds, Next: "CheckInvalidation" },
      CheckInvalidation: task(arns, "checkInvalidation", "$.invalidation", "InvalidationDone", {
        Parameters: { "invalidation.$": "$.invalidation", "resolved.$": "$.resolved", maxChecks },
        Catch: [
          {
            ErrorEquals: ["States.ALL"],
            ResultPath: "$.invalidateError",
            Next: "WaitBeforeConfirm",
          },
        ],
      }),
      InvalidationDone: {
        Type: "Choice",
        Choices: [
          { Variable: "$.invalidation.done", BooleanEquals: true, Next: "WaitBeforeConfirm" },
        ],
        Default: "WaitForInvalidation",
      },
      WaitBeforeConfirm: {
        Type: "Wait",
        SecondsPath: "$.resolved.confirmAfterSeconds",
        Next: "Confirm",
      },
      Confirm: task(arns, "confirm", "$.confirm", "NotifyOutcome", {
        Catch: [
          { ErrorEquals: ["States.ALL"], ResultPath: "$.confirmError", Next: "NotifyOutcome" },
        ],
      }),
      NotifyOutcome: notify(arns, "outcome", "Record", "warn"),
      Record: task(arns, "record", "$.recorded", "Done"),
      Done: { Type: "Succeed" },
      HandleFailure: {
        Type: "Task",
        Resource: arns.fail,
        TimeoutSeconds: taskTimeoutSeconds("fail"),
        ResultPath: "$.failure",
        Retry: retry,
        Next: "Failed",
      },
      Failed: {
        Type: "Fail",
        Error: "RollbackFailed",
        Cause: "A step failed; the failure was recorded and notified, and the lock released.",
      },
    },
  };
}

/** Task state name -> step function (Parallel branches included), for the sandbox and tests mapping tasks to the real handlers. */
export function taskSteps(
  arns: StepArns,
  asl: Pick<StateMachineDefinition, "States"> = definition(arns),
): Record<string, StepFunction> {
  const byArn = new Map(STEP_FUNCTIONS.map((step) => [arns[step], step]));
  const result: Record<string, StepFunction> = {};
  const walk = (states: Record<string, State>): void => {
    for (const [name, state] of Object.entries(states)) {
      const step =
        state.Type === "Task" && typeof state.Resource === "string"
          ? byArn.get(state.Resource)
          : undefined;
      if (step) result[name] = step;
      const branches: unknown = state.Branches;
      if (Array.isArray(branches)) for (const branch of branches) walk(branchStates(branch));
    }
  };
  walk(asl.States);
  return result;
}

/** A branch's states, read defensively: the definition is ours, but `asl` may come from a file. */
function branchStates(branch: unknown): Record<string, State> {
  if (typeof branch !== "object" || branch === null || !("States" in branch)) return {};
  const states: unknown = branch.States;
  if (typeof states !== "object" || states === null) return {};
  return Object.fromEntries(
    Object.entries(states).filter(
      (entry): entry is [string, State] => typeof entry[1] === "object" && entry[1] !== null,
    ),
  );
}
