import { describe, expect, it } from "vitest";
import { ConfigError } from "@ripcord/core/errors";
import {
  EVENT_PATTERN_MAX_LENGTH,
  alarmEventPattern,
  alarmEventPatternJson,
} from "../../infra/alarm-events.ts";

/* How the pattern matches AWS's own sample events: tests/events/aws-samples.test.ts. */

describe("the EventBridge pattern for Ripcord's alarms", () => {
  it("matches CloudWatch alarm state changes into ALARM, by the stage's alarm name prefix", () => {
    const pattern = alarmEventPattern("ripcord-test");

    expect(pattern).toEqual({
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      detail: { alarmName: [{ prefix: "ripcord-test-" }], state: { value: ["ALARM"] } },
    });
  });

  it("has the same size whatever the number of watched functions, far below EventBridge's default quota", () => {
    const json = alarmEventPatternJson("ripcord-production");

    expect(JSON.parse(json)).toEqual(alarmEventPattern("ripcord-production"));
    expect(json.length).toBeLessThan(EVENT_PATTERN_MAX_LENGTH / 8);
  });

  it("refuses a prefix that would make the pattern longer than EventBridge accepts", () => {
    expect(() => alarmEventPatternJson(`ripcord-${"x".repeat(EVENT_PATTERN_MAX_LENGTH)}`)).toThrow(
      ConfigError,
    );
    expect(() => alarmEventPattern("")).toThrow(ConfigError);
  });
});
