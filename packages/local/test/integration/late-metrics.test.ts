import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import { defineConfig } from "@ripcord/core/config";
import { evaluatedWindow } from "@ripcord/core/rollback";
import * as z from "zod";
import { unique } from "../../../../tests/support/unique.ts";
import { alarmStateChangeEvent, checkAlarm, evaluationTick } from "../../src/alarms.ts";
import { SimulatedClock } from "../../src/clock.ts";
import { MetricPublisher } from "../../src/publisher.ts";
import { publishTraffic, type TrafficMinute } from "../../src/traffic.ts";

/*
 * Late metrics in the sandbox (docs/design.md "Signals", "The local sandbox"): the publisher holds
 * each AWS/Lambda minute until 90 s after it ends on the sandbox's clock, so moto holds exactly
 * what is visible; the alarm is evaluated at a tick against what is visible then, and its event
 * says which periods it evaluated, as CloudWatch's does.
 */

const MINUTE = 60_000;
const NOW = Math.floor(Date.now() / MINUTE) * MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();
const failing = { invocations: 1000, errors: 150, latencyMs: 130 };

function minutesAgo(m: number): TrafficMinute {
  return { start: iso(NOW - m * MINUTE), byVersion: { "8": failing } };
}

function errorRateAlarm(fn: string): Alarms.AlarmSpec {
  const config = defineConfig({
    services: {
      shop: {
        signal: "lambda",
        functions: [{ name: fn, alias: "live" }],
        alarms: {
          errorRatePercent: 5,
          periodSeconds: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
      },
    },
  });
  const spec = Alarms.specs(config, { prefix: unique("late"), latencyStatistic: "Maximum" }).find(
    (s) => s.kind === "errorRate",
  );
  if (!spec) throw new Error("specs() returned no error-rate alarm");
  return spec;
}

const ReasonData = z.object({
  queryDate: z.string(),
  startDate: z.string(),
  evaluatedDatapoints: z.array(z.object({ timestamp: z.string(), value: z.number().optional() })),
});
const Event = z.object({
  detail: z.object({ state: z.object({ reasonData: z.string(), timestamp: z.string() }) }),
});

describe("metrics published late, on the sandbox's clock", () => {
  it("holds the last minutes until they are visible: a reader at 'now' sees them missing", async () => {
    // Prepare
    const fn = unique("late");
    const spec = errorRateAlarm(fn);
    const clock = new SimulatedClock(NOW);
    const publisher = new MetricPublisher(clock, "lambda");

    // Act: five failing minutes up to "now"; read the last three complete minutes at once.
    await publishTraffic(fn, "live", [5, 4, 3, 2, 1].map(minutesAgo), { publisher });
    const atNow = await checkAlarm(spec, iso(NOW));

    // Assess: 13:58 and 13:59 (for a 14:00 "now") end less than 90 s ago: not in moto yet.
    expect(atNow.periods).toEqual([3, 2, 1].map((m) => iso(NOW - m * MINUTE)));
    expect(atNow.values).toEqual([15, undefined, undefined]);
    expect(publisher.lastVisibleAt()).toBe(NOW + 90_000);
  });

  it("evaluates at the first tick with every minute visible, over those minutes, and says so in its event", async () => {
    // Prepare
    const fn = unique("late");
    const spec = errorRateAlarm(fn);
    const clock = new SimulatedClock(NOW);
    const publisher = new MetricPublisher(clock, "lambda");
    await publishTraffic(fn, "live", [5, 4, 3, 2, 1].map(minutesAgo), { publisher });

    // Act
    const tick = evaluationTick(publisher.lastVisibleAt() ?? NOW, spec.periodSeconds);
    await clock.advanceTo(tick);
    const check = await checkAlarm(spec, iso(tick), publisher.delayMs);
    const event = Event.parse(alarmStateChangeEvent(check, iso(tick), { value: "OK" }));
    const reason = ReasonData.parse(JSON.parse(event.detail.state.reasonData));

    // Assess: two minutes on ("now" + 2 min), the same three minutes, all visible now.
    expect(tick).toBe(NOW + 2 * MINUTE);
    expect(check.periods).toEqual([3, 2, 1].map((m) => iso(NOW - m * MINUTE)));
    expect(check.evaluation).toMatchObject({ state: "ALARM", breaching: 3 });
    expect(reason.evaluatedDatapoints.map((p) => p.value)).toEqual([15, 15, 15]);
    expect(reason.startDate).toBe(iso(NOW - 3 * MINUTE).replace("Z", "+0000"));
    // The trigger's reading of the event: the window ends with the minute before the replay's "now".
    expect(evaluatedWindow(event.detail.state.reasonData, spec, iso(tick))).toEqual({
      lastPeriodStart: iso(NOW - MINUTE),
    });
  });
});
