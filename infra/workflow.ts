/**
 * The rollback path: one function per step, the state machine over them, and the trigger that
 * starts it from Ripcord's alarms (EventBridge rule, retries, dead-letter queue).
 */
import type { StageConfig } from "./config.ts";
import type { Notify } from "./notify.ts";
import type { Secrets } from "./secrets.ts";
import type { Storage } from "./storage.ts";
import { alarmPrefix } from "./context.ts";
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
}) {
  const deadLetterQueue = createDeadLetterQueue();
  const policy = policyContext({ ...args, deadLetterQueueArn: deadLetterQueue.arn });
  const environment = baseEnvironment<$util.Input<string>>({
    tableName: args.storage.table.name,
    topicArn: args.notify.topic.arn,
    alarmPrefix,
  });
  const config = args.config.json;

  const steps = createSteps({ config, environment, policy, secrets: args.secrets });
  const { stateMachine, logGroup } = createStateMachine(stepArns(steps));
  const { trigger, rule } = createTrigger({
    stateMachineArn: stateMachine.arn,
    config,
    environment,
    policy,
    deadLetterQueue,
    secrets: args.secrets,
  });

  return { steps, stateMachine, logGroup, trigger, rule, deadLetterQueue, environment };
}

export type Workflow = ReturnType<typeof createWorkflow>;
