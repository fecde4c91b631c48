/**
 * Every minute: record alias changes into the release ledger, promote releases that proved
 * themselves, notify when a known-bad version is back, re-check alarms that stay in ALARM after a
 * hold on the effect rule (reads Ripcord's alarms, starts the state machine: RIPCORD_STATE_MACHINE_ARN
 * comes with notificationSecrets), and warm the functions on the path to the shift (a rollback
 * should never wait on a cold start before the alias moves).
 */
import { PRE_SHIFT_STEPS } from "@ripcord/core/workflow";
import type { Deployment } from "./deployment.ts";
import { notificationSecrets } from "./secrets.ts";
import { ripcordFunction } from "./functions.ts";
import { policyContext } from "./policy.ts";

export function createReconciler(args: Deployment) {
  const warmFunctionArns = PRE_SHIFT_STEPS.map((step) => args.workflow.steps[step].arn);
  const reconciler = ripcordFunction("Reconciler", {
    role: "reconciler",
    handler: "packages/functions/src/reconciler.handler",
    config: args.config.json,
    environment: {
      ...args.workflow.environment,
      ...notificationSecrets(args.secrets),
      RIPCORD_WARM_FUNCTIONS: $resolve(warmFunctionArns).apply((arns) => arns.join(",")),
    },
    policy: policyContext({
      ...args,
      deadLetterQueueArn: args.workflow.deadLetterQueue.arn,
      warmFunctionArns,
    }),
    timeoutSeconds: 60,
  });
  const tick = new sst.aws.Cron("ReconcilerTick", {
    schedule: "rate(1 minute)",
    function: reconciler,
  });
  return { reconciler, tick };
}
