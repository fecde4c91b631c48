/**
 * The EventBridge pattern that hands Ripcord's alarms to the trigger. Pure, so tests assert on it.
 *
 * It matches Ripcord's alarm names by their prefix (`prefix` matching, EventBridge's "Content
 * filtering in event patterns"), so its size does not grow with the watched functions. The prefix
 * ends with "-", so another stage whose name merely starts the same ("prod" and "prod2") never
 * matches; anything else that starts with it is ignored by the trigger, which acts only on an
 * alarm named by its own alarm specs. Ripcord's health alarms carry another prefix
 * (`ripcord-health-<stage>`, infra/context.ts).
 */
import { ConfigError } from "@ripcord/core/errors";

/**
 * EventBridge's default quota on an event pattern's size ("Event pattern size", 2,048 characters,
 * adjustable: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html).
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

export interface AlarmEventPattern {
  source: ["aws.cloudwatch"];
  "detail-type": ["CloudWatch Alarm State Change"];
  detail: { alarmName: [{ prefix: string }]; state: { value: ["ALARM"] } };
}

export function alarmEventPattern(alarmPrefix: string): AlarmEventPattern {
  if (alarmPrefix === "") throw new ConfigError("the alarm name prefix is empty");
  return {
    source: ["aws.cloudwatch"],
    "detail-type": ["CloudWatch Alarm State Change"],
    detail: { alarmName: [{ prefix: `${alarmPrefix}-` }], state: { value: ["ALARM"] } },
  };
}

/** The pattern as the rule takes it; refuses a pattern EventBridge would reject at deploy time. */
export function alarmEventPatternJson(alarmPrefix: string): string {
  const json = JSON.stringify(alarmEventPattern(alarmPrefix));
  if (json.length > EVENT_PATTERN_MAX_LENGTH) {
    throw new ConfigError(
      `the EventBridge pattern for alarm prefix "${alarmPrefix}" is ${json.length} characters, over EventBridge's ` +
        `${EVENT_PATTERN_MAX_LENGTH}: use a shorter stage name`,
    );
  }
  return json;
}
