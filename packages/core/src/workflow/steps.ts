/**
 * The Lambda-backed states of the rollback state machine, in the order a rollback runs them.
 * Each key is also the handler file `packages/functions/src/steps/<kebab-case key>.ts`
 * (export `handler`); infra creates one function per key and passes their ARNs to `definition()`.
 */
export const STEP_FUNCTIONS = [
  "resolve",
  "lock",
  "verify",
  "shift",
  "notify",
  "invalidate",
  "checkInvalidation",
  "confirm",
  "record",
  "fail",
] as const;

export type StepFunction = (typeof STEP_FUNCTIONS)[number];

/** Function ARN (or, locally, any resource string) per step. */
export type StepArns = Record<StepFunction, string>;

/**
 * One value per step, e.g. the ARNs: `byStep((step) => arnOf(step))`. The steps are listed by
 * name, so adding one to STEP_FUNCTIONS is a type error here until it is added below too.
 */
export function byStep<T>(make: (step: StepFunction) => T): Record<StepFunction, T> {
  return {
    resolve: make("resolve"),
    lock: make("lock"),
    verify: make("verify"),
    shift: make("shift"),
    notify: make("notify"),
    invalidate: make("invalidate"),
    checkInvalidation: make("checkInvalidation"),
    confirm: make("confirm"),
    record: make("record"),
    fail: make("fail"),
  };
}

/** Handler file name of a step, e.g. "checkInvalidation" -> "check-invalidation". */
export function handlerFile(step: StepFunction): string {
  return step.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The steps on the path to the alias shift: kept warm by the reconciler. */
export const PRE_SHIFT_STEPS: readonly StepFunction[] = ["resolve", "lock", "verify", "shift"];
