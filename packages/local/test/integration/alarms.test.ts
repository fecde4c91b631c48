import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch } from "@ripcord/core/aws";
import { defineConfig } from "@ripcord/core/config";
import * as Workflow from "@ripcord/core/workflow";
import { unique } from "../../../../tests/support/unique.ts";
import { alarmStateChangeEvent, checkAlarm, recordState } from "../../src/alarms.ts";
import { publishTraffic, type TrafficMinute } from "../../src/traffic.ts";

const MINUTE = 60_000;
const NOW = new Date(Math.floor(Date.now() / MINUTE) * MINUTE).toISOString();

function minutesAgo(m: number, byVersion: TrafficMinute["byVersion"]): TrafficMinute {
  return { start: new Date(Date.parse(NOW) - m * MINUTE).toISOString(), byVersion };
}

const healthy = { invocations: 1000, errors: 2, latencyMs: 120 };
const failing = { invocations: 1000, errors: 100, latencyMs: 130 };

function alarmsFor(fn: string): { errorRate: Alarms.AlarmSpec; latency: Alarms.AlarmSpec } {
  const config = defineConfig({
    services: {
      shop: {
        signal: "lambda",
        functions: [{ name: fn, alias: "live" }],
        alarms: {
          errorRatePercent: 5,
          latencyMs: 1500,
          periodSeconds: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      },
    },
  });
  const [errorRate, latency] = Alarms.specs(config, {
    prefix: unique("t"),
    latencyStatistic: "Maximum",
  });
  if (!errorRate || !latency) throw new Error("specs() returned fewer than two alarms");
  return { errorRate, latency };
}

describe("alarm evaluation from the metrics read back", () => {
  it("fires when M of the last N periods breach", async () => {
    // Prepare
    const fn = unique("fn");
    const { errorRate } = alarmsFor(fn);
    await publishTraffic(fn, "live", [
      minutesAgo(4, { "1": healthy }),
      minutesAgo(3, { "1": healthy }),
      minutesAgo(2, { "1": failing }),
      minutesAgo(1, { "1": failing }),
    ]);

    // Act
    const check = await checkAlarm(errorRate, NOW);

    // Assess
    expect(check.evaluation).toEqual({ state: "ALARM", breaching: 2, value: 10 });
    expect(check.values).toEqual([0.2, 10, 10]);
    expect(check.periods.at(-1)).toBe(new Date(Date.parse(NOW) - MINUTE).toISOString());
  });

  it("treats periods without data as not breaching", async () => {
    // Prepare
    const fn = unique("fn");
    const { errorRate } = alarmsFor(fn);
    await publishTraffic(fn, "live", [minutesAgo(1, { "1": failing })]);

    // Act
    const check = await checkAlarm(errorRate, NOW);

    // Assess
    expect(check.values).toEqual([undefined, undefined, 10]);
    expect(check.evaluation.state).toBe("OK");
    expect(check.evaluation.breaching).toBe(1);
  });

  it("reads the alias's latency as the slowest version's (Maximum)", async () => {
    // Prepare
    const fn = unique("fn");
    const { latency } = alarmsFor(fn);
    const slowCanary = { invocations: 50, errors: 0, latencyMs: 2400 };
    await publishTraffic(fn, "live", [
      minutesAgo(2, { "1": healthy, "2": slowCanary }),
      minutesAgo(1, { "1": healthy, "2": slowCanary }),
    ]);

    // Act
    const check = await checkAlarm(latency, NOW);

    // Assess
    expect(check.evaluation).toEqual({ state: "ALARM", breaching: 2, value: 2400 });
  });

  it("builds the EventBridge event the trigger reads, and moves the alarm's state in the endpoint", async () => {
    // Prepare
    const fn = unique("fn");
    const { errorRate } = alarmsFor(fn);
    await CloudWatch.putMetricAlarm(errorRate);
    await publishTraffic(fn, "live", [
      minutesAgo(2, { "1": failing }),
      minutesAgo(1, { "1": failing }),
    ]);
    const check = await checkAlarm(errorRate, NOW);

    // Act
    const event = alarmStateChangeEvent(check, NOW, { value: "OK" });
    await recordState(check);

    // Assess
    const parsed = Workflow.AlarmStateChangeEvent.parse(event);
    expect(parsed.detail.alarmName).toBe(errorRate.name);
    expect(parsed.detail.state.value).toBe("ALARM");
    expect(Workflow.normaliseTimestamp(parsed.detail.state.timestamp)).toBe(NOW);
    const [status] = await CloudWatch.describeAlarms([errorRate.name]);
    expect(status?.state).toBe("ALARM");
  });
});
