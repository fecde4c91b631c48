/**
 * The EventBridge pattern that hands Ripcord's alarms to the trigger. Pure, so tests assert on it.
 *
 * It names every alarm exactly: an alarm Ripcord did not create (or one of Ripcord's own health
 * alarms) never starts a rollback, even if its name looks alike.
 */
import { ConfigError } from "@ripcord/core/errors";

/** PutRule's limit on the length of an event pattern. */
export const EVENT_PATTERN_MAX_LENGTH = 4096;

export interface AlarmEventPattern {
  source: ["aws.cloudwatch"];
  "detail-type": ["CloudWatch Alarm State Change"];
  detail: { alarmName: string[]; state: { value: ["ALARM"] } };
}

export function alarmEventPattern(alarmNames: readonly string[]): AlarmEventPattern {
  const names = [...new Set(alarmNames)].sort();
  if (names.length === 0)
    throw new ConfigError("no alarms to route: ripcord.config.ts watches no function");
  return {
    source: ["aws.cloudwatch"],
    "detail-type": ["CloudWatch Alarm State Change"],
    detail: { alarmName: names, state: { value: ["ALARM"] } },
  };
}

/** The pattern as the rule takes it; refuses a pattern EventBridge would reject at deploy time. */
export function alarmEventPatternJson(alarmNames: readonly string[]): string {
  const json = JSON.stringify(alarmEventPattern(alarmNames));
  if (json.length > EVENT_PATTERN_MAX_LENGTH) {
    throw new ConfigError(
      `the EventBridge pattern for ${alarmNames.length} alarms is ${json.length} characters, over EventBridge's ` +
        `${EVENT_PATTERN_MAX_LENGTH}: watch fewer functions per Ripcord stage, or shorten service and function names`,
    );
  }
  return json;
}
