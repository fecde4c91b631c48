import { describe, expect, it } from "vitest";
import { alarmTiming, demoAlarm, periodRaw } from "../../bench/detection/alarm.ts";
import { detectionOf, measureDetection } from "../../bench/detection/index.ts";
import {
  PIPELINE_MODEL,
  pipelineSeconds,
  shortestTo,
  statesToShift,
  type States,
} from "../../bench/detection/pipeline.ts";

describe("the demo's alarm on simulated AWS time", () => {
  it("url: a first bad request at a minute's start breaches that minute; the alarm fires at the first evaluation after the second bad minute is published", () => {
    // Prepare: 60 s periods, published 90 s after they end, evaluated on each minute.
    const spec = demoAlarm("url", 60);

    // Act
    const timing = alarmTiming(spec, 0);

    // Assess: minutes [0, 60) and [60, 120) breach; 120 + 90 = 210 s, next evaluation 240 s.
    expect(timing).toMatchObject({
      alarmAtSeconds: 240,
      lastNeededPeriodEndSeconds: 120,
      publicationDelaySeconds: 90,
      scheduleWaitSeconds: 30,
      breaching: 2,
    });
  });

  it("url: a first bad request late in its minute leaves that minute under 5%, so the alarm needs the next two", () => {
    // Prepare: 30 s of 9% and 30 s of 0.3% make 4.65%, under the 5% threshold.
    const spec = demoAlarm("url", 60);
    expect(spec.threshold).toBe(5);
    expect(spec.datapointsToAlarm).toBe(2);

    // Act
    const timing = alarmTiming(spec, 30);

    // Assess: minutes [60, 120) and [120, 180) breach; 180 + 90 = 270 s, next evaluation 300 s.
    expect(timing.alarmAtSeconds).toBe(300);
  });

  it("emf: 10 s periods published 15 s after they end, evaluated every 10 s", () => {
    // Prepare
    const spec = demoAlarm("emf", 10);

    // Act
    const timing = alarmTiming(spec, 0);

    // Assess: periods [0, 10) and [10, 20) breach; 20 + 15 = 35 s, next evaluation 40 s.
    expect(timing.alarmAtSeconds).toBe(40);
    expect(timing.scheduleWaitSeconds).toBe(5);
  });

  it("splits a period's requests by the first bad request's offset", () => {
    // Act
    const before = periodRaw(-60, 60, 0);
    const half = periodRaw(0, 60, 30);

    // Assess: 1,400 a minute; all good before, half good and half bad in the period of the offset.
    expect(before.requests).toBeCloseTo(1400);
    expect(before.errors / before.requests).toBeCloseTo(0.003);
    expect(half.errors / half.requests).toBeCloseTo((0.09 + 0.003) / 2);
  });
});

describe("the pipeline model", () => {
  it("adds event delivery, the trigger's cold start, the round trips before the shift plus UpdateAlias, and the states", () => {
    // Act
    const pipeline = pipelineSeconds(6, 6);

    // Assess
    const m = PIPELINE_MODEL;
    expect(pipeline.sequentialCalls).toBe(7);
    expect(pipeline.totalSeconds).toBeCloseTo(
      m.eventDeliverySeconds + m.coldStartSeconds + 7 * m.perCallSeconds + 6 * m.perStateSeconds,
    );
    expect(pipeline.coldStarts).toEqual(["trigger"]);
  });

  it("counts the states core's state machine enters up to the Shift task", () => {
    // Act
    const states = statesToShift();

    // Assess: at least Resolve, Lock, Verify and Shift; within what the 10 s share allows.
    expect(states).toBeGreaterThanOrEqual(4);
    expect(states).toBeLessThan(20);
  });

  it("takes the shortest path through Choices and counts a Parallel's longest branch", () => {
    // Prepare: Start -> Both (Parallel: A | B -> C) -> Pick (Choice) -> Goal, or a detour.
    const states: States = {
      Start: { Type: "Task", Next: "Both" },
      Both: {
        Type: "Parallel",
        Branches: [
          { StartAt: "A", States: { A: { Type: "Task", End: true } } },
          {
            StartAt: "B",
            States: { B: { Type: "Task", Next: "C" }, C: { Type: "Task", End: true } },
          },
        ],
        Next: "Pick",
      },
      Pick: { Type: "Choice", Choices: [{ Next: "Detour" }], Default: "Goal" },
      Detour: { Type: "Pass", Next: "Goal" },
      Goal: { Type: "Task", Goal: true },
    };

    // Act
    const entered = shortestTo(states, "Start", (state) => state.Goal === true);

    // Assess: Start, Both (+ B, C), Pick, Goal.
    expect(entered).toBe(6);
  });
});

describe("detection per source", () => {
  it("is the median over offsets of first bad request -> alarm, plus the pipeline", () => {
    // Prepare
    const pipeline = pipelineSeconds(6, 6);

    // Act
    const url = detectionOf("url", 60, 300, pipeline);

    // Assess: offsets under ~27.6 s alarm at 240 s, later ones at 300 s; the median lies between.
    const { alarmSeconds, alarmSecondsRange } = url.breakdown;
    expect(alarmSecondsRange[0]).toBeGreaterThan(210);
    expect(alarmSecondsRange[1]).toBeLessThanOrEqual(300);
    expect(alarmSeconds).toBeGreaterThan(alarmSecondsRange[0]);
    expect(alarmSeconds).toBeLessThan(alarmSecondsRange[1]);
    expect(url.firstBadRequestToRestoredSeconds).toBeCloseTo(alarmSeconds + pipeline.totalSeconds);
    expect(
      url.breakdown.periodsSeconds + url.breakdown.delaySeconds + url.breakdown.scheduleSeconds,
    ).toBeCloseTo(
      240 - url.breakdown.offsetSeconds + (url.breakdown.offsetSeconds < 27.6 ? 0 : 60),
    );
  });

  it("reports both sources the issue names, emf well ahead of url", () => {
    // Act
    const figures = measureDetection(6);

    // Assess
    expect(figures.map((f) => [f.source, f.periodSeconds])).toEqual([
      ["url", 60],
      ["emf", 10],
    ]);
    const [url, emf] = figures;
    expect(emf?.firstBadRequestToRestoredSeconds).toBeLessThan(
      url?.firstBadRequestToRestoredSeconds ?? 0,
    );
  });
});
