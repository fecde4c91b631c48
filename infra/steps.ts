/** One Lambda function per state of the rollback state machine. */
import {
  STEP_TIMEOUT_SECONDS,
  byStep,
  handlerFile,
  type StepArns,
  type StepFunction,
} from "@ripcord/core/workflow";
import { ripcordFunction } from "./functions.ts";
import type { PolicyContext } from "./permissions.ts";
import { notificationSecrets, type Secrets } from "./secrets.ts";

export type Steps = Record<StepFunction, sst.aws.Function>;

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
      // Sized from the step's own waits; the state machine's Task timeouts build on it.
      timeoutSeconds: STEP_TIMEOUT_SECONDS[step],
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
