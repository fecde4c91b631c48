/** One Lambda function per state of the rollback state machine. */
import { handlerFile, type StepArns, type StepFunction } from "@ripcord/core/workflow";
import { ripcordFunction } from "./functions.ts";
import type { PolicyContext } from "./permissions.ts";
import { notificationSecrets, type Secrets } from "./secrets.ts";

export type Steps = Record<StepFunction, sst.aws.Function>;

/**
 * Builds one value per step. Listing the steps by name (rather than mapping STEP_FUNCTIONS) makes
 * a step added in core a type error here until infra deploys a function for it.
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

/** Steps that send notifications read the Slack webhook and the webhook signing key. */
const NOTIFYING_STEPS: readonly StepFunction[] = ["notify", "fail"];

export function createSteps(args: {
  config: $util.Input<string>;
  environment: Record<string, $util.Input<string>>;
  policy: $util.Output<PolicyContext>;
  secrets: Secrets;
}): Steps {
  return byStep((step) =>
    ripcordFunction(`Step${step.charAt(0).toUpperCase()}${step.slice(1)}`, {
      role: step,
      handler: `packages/functions/src/steps/${handlerFile(step)}.handler`,
      config: args.config,
      environment: NOTIFYING_STEPS.includes(step)
        ? { ...args.environment, ...notificationSecrets(args.secrets) }
        : args.environment,
      policy: args.policy,
    }),
  );
}

/** The step functions' ARNs, resolved, as the state machine definition takes them. */
export function stepArns(steps: Steps): $util.Output<StepArns> {
  return $resolve(byStep((step) => steps[step].arn));
}
