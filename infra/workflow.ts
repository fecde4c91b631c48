/**
 * The rollback path: one function per step, the state machine over them, and the trigger that
 * starts it from Ripcord's alarms (EventBridge rule, retries, dead-letter queue).
 */
import type { StageConfig } from "./config.ts";
import type { Notify } from "./notify.ts";
import type { Secrets } from "./secrets.ts";
import type { Storage } from "./storage.ts";
import { baseEnvironment } from "./environment.ts";
import { policyContext } from "./policy.ts";
import { createStateMachine } from "./state-machine.ts";
import { createSteps, stepArns } from "./steps.ts";
import { createDeadLetterQueue, createTrigger } from "./trigger.ts";

export function createWorkflow(args: {
  config: StageConfig;
  storage: Storage;
  secrets: Secrets;
  notify: Notify;
  alarmNames: readonly string[];
}) {
  const deadLetterQueue = createDeadLetterQueue();
  const policy = policyContext({ ...args, deadLetterQueueArn: deadLetterQueue.arn });
  const environment = baseEnvironment(args.config, args.storage, args.notify);

  const steps = createSteps({ environment, policy, secrets: args.secrets });
  const { stateMachine, logGroup } = createStateMachine(stepArns(steps));
  const { trigger, rule } = createTrigger({
    alarmNames: args.alarmNames,
    stateMachineArn: stateMachine.arn,
    environment,
    policy,
    deadLetterQueue,
  });

  return { steps, stateMachine, logGroup, trigger, rule, deadLetterQueue, environment };
}

export type Workflow = ReturnType<typeof createWorkflow>;
