/**
 * Alarm -> rollback: an EventBridge rule for Ripcord's alarms entering ALARM, delivered to the
 * trigger function, which starts the state machine (or, for a watch-only service, sends the
 * notification itself). Undeliverable or failed events land in a
 * dead-letter queue, and infra/monitoring.ts alarms on that queue.
 */
import { alarmEventPatternJson } from "./alarm-events.ts";
import { alarmPrefix } from "./context.ts";
import { ripcordFunction } from "./functions.ts";
import type { PolicyContext } from "./permissions.ts";
import { notificationSecrets, type Secrets } from "./secrets.ts";

/** How long an alarm event stays worth acting on: "now" travels in the event, so a late run still verifies the right window. */
const MAXIMUM_EVENT_AGE_SECONDS = 1800;

export function createDeadLetterQueue() {
  return new aws.sqs.Queue("TriggerDeadLetters", {
    messageRetentionSeconds: 14 * 24 * 3600,
    sqsManagedSseEnabled: true,
  });
}

export function createTrigger(args: {
  stateMachineArn: $util.Input<string>;
  config: $util.Input<string>;
  environment: Record<string, $util.Input<string>>;
  policy: $util.Output<PolicyContext>;
  deadLetterQueue: aws.sqs.Queue;
  secrets: Secrets;
}) {
  const trigger = ripcordFunction("Trigger", {
    role: "trigger",
    handler: "packages/functions/src/trigger.handler",
    config: args.config,
    // The notification channels' secrets: a watch-only alarm is notified from here.
    environment: {
      ...args.environment,
      ...notificationSecrets(args.secrets),
      RIPCORD_STATE_MACHINE_ARN: args.stateMachineArn,
    },
    policy: args.policy,
    timeoutSeconds: 10,
  });

  const rule = new aws.cloudwatch.EventRule("AlarmRule", {
    description: "Ripcord's alarms entering ALARM",
    eventPattern: alarmEventPatternJson(alarmPrefix),
  });

  new aws.lambda.Permission("AlarmRuleInvokesTrigger", {
    action: "lambda:InvokeFunction",
    function: trigger.name,
    principal: "events.amazonaws.com",
    sourceArn: rule.arn,
  });

  // EventBridge's retries cover delivery (throttling, Lambda unavailable) ...
  new aws.cloudwatch.EventTarget("AlarmRuleTarget", {
    rule: rule.name,
    arn: trigger.arn,
    retryPolicy: { maximumRetryAttempts: 20, maximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS },
    deadLetterConfig: { arn: args.deadLetterQueue.arn },
  });

  // ... and Lambda's async retries cover the trigger itself failing; both end in the same queue.
  new aws.lambda.FunctionEventInvokeConfig("TriggerFailures", {
    functionName: trigger.name,
    maximumRetryAttempts: 2,
    maximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS,
    destinationConfig: { onFailure: { destination: args.deadLetterQueue.arn } },
  });

  new aws.sqs.QueuePolicy("TriggerDeadLettersPolicy", {
    queueUrl: args.deadLetterQueue.url,
    policy: $resolve([args.deadLetterQueue.arn, rule.arn]).apply(([queueArn, ruleArn]) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queueArn,
            Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
          },
        ],
      }),
    ),
  });

  return { trigger, rule };
}
