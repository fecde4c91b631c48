import { describe, expect, it } from "vitest";
import ripcordConfig from "../../ripcord.config.ts";
import { specs } from "@ripcord/core/alarms";
import { ConfigError } from "@ripcord/core/errors";
import {
  EVENT_PATTERN_MAX_LENGTH,
  alarmEventPattern,
  alarmEventPatternJson,
} from "../../infra/alarm-events.ts";

const names = specs(ripcordConfig, { prefix: "ripcord-test", latencyStatistic: "p99" }).map(
  (spec) => spec.name,
);

describe("the EventBridge pattern for Ripcord's alarms", () => {
  it("matches CloudWatch alarm state changes into ALARM, by exact alarm name", () => {
    const pattern = alarmEventPattern(names);

    expect(pattern.source).toEqual(["aws.cloudwatch"]);
    expect(pattern["detail-type"]).toEqual(["CloudWatch Alarm State Change"]);
    expect(pattern.detail.state.value).toEqual(["ALARM"]);
    expect([...pattern.detail.alarmName].sort()).toEqual([...names].sort());
    // Exact strings, never prefix or wildcard matchers: only alarms Ripcord created start a rollback.
    for (const entry of pattern.detail.alarmName) expect(typeof entry).toBe("string");
  });

  it("lists each alarm once, in a stable order, so redeploys do not churn the rule", () => {
    const shuffled = [...names].reverse();

    const once = alarmEventPattern([...names, ...names]);
    const again = alarmEventPattern(shuffled);

    expect(once.detail.alarmName).toHaveLength(names.length);
    expect(again).toEqual(once);
  });

  it("serializes to the JSON the rule takes", () => {
    const json = alarmEventPatternJson(names);

    expect(JSON.parse(json)).toEqual(alarmEventPattern(names));
  });

  it("refuses a pattern longer than EventBridge accepts", () => {
    const many = Array.from(
      { length: 200 },
      (_, i) => `ripcord-test-service-function-number-${i}-error-rate`,
    );

    expect(JSON.stringify(alarmEventPattern(many)).length).toBeGreaterThan(
      EVENT_PATTERN_MAX_LENGTH,
    );
    expect(() => alarmEventPatternJson(many)).toThrow(ConfigError);
  });

  it("refuses an empty list, which would route nothing", () => {
    expect(() => alarmEventPattern([])).toThrow(ConfigError);
  });
});
