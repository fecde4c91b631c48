import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { evaluatedWindow, knownUntil } from "@ripcord/core/rollback";

/*
 * The evaluation window from the alarm's own event (docs/design.md "The decision"), over AWS's
 * sample "CloudWatch Alarm State Change" events (tests/fixtures/cloudwatch-alarm-state-change, from
 * the CloudWatch User Guide) and the shapes the User Guide shows for evaluatedDatapoints.
 */

const Sample = z.looseObject({
  detail: z.looseObject({
    state: z.looseObject({ reasonData: z.string().optional(), timestamp: z.string() }),
  }),
});

function sampleState(name: string): { reasonData?: string; timestamp: string } {
  const url = new URL(
    `../../../tests/fixtures/cloudwatch-alarm-state-change/${name}.json`,
    import.meta.url,
  );
  return Sample.parse(JSON.parse(readFileSync(url, "utf8"))).detail.state;
}

/** CloudWatch's state timestamp ("+0000") as the trigger hands it on (ISO-8601). */
function iso(cloudWatchTime: string): string {
  return new Date(cloudWatchTime.replace(/\+0000$/, "Z")).toISOString();
}

describe("the window an alarm evaluated, from its event", () => {
  it.each([
    // One 300 s period from startDate: the datapoint the reason names (16:59).
    { sample: "single-metric", periodSeconds: 300, last: "2019-10-02T16:59:00.000Z" },
    // Queried at 17:20:48, yet its one datapoint is 17:10: the window ends where the data does.
    { sample: "metric-math", periodSeconds: 300, last: "2019-10-02T17:10:00.000Z" },
    // A 60 s alarm queried at 16:00:04 evaluated 15:58: two minutes back, as metrics arrive late.
    { sample: "anomaly-detection", periodSeconds: 60, last: "2019-10-03T15:58:00.000Z" },
  ])(
    "$sample: the last period is the one the reason names ($last)",
    ({ sample, periodSeconds, last }) => {
      // Prepare
      const state = sampleState(sample);

      // Act
      const window = evaluatedWindow(
        state.reasonData,
        { periodSeconds, evaluationPeriods: 1 },
        iso(state.timestamp),
      );

      // Assess
      expect(window).toEqual({ lastPeriodStart: last });
    },
  );

  it("composite: no window (its reasonData names the triggering alarms, not periods)", () => {
    // Prepare
    const state = sampleState("composite");

    // Act
    const window = evaluatedWindow(
      state.reasonData,
      { periodSeconds: 60, evaluationPeriods: 3 },
      iso(state.timestamp),
    );

    // Assess
    expect(window).toBeUndefined();
  });

  it("takes the newest evaluated datapoint, listed newest first, with or without a value", () => {
    // Prepare: the shape of the User Guide's "Invoke a Lambda function from an alarm" sample.
    const reasonData = JSON.stringify({
      version: "1.0",
      queryDate: "2023-08-04T12:31:29.591+0000",
      startDate: "2023-08-04T12:26:00.000+0000",
      period: 60,
      recentDatapoints: [9.5],
      threshold: 5.0,
      evaluatedDatapoints: [
        { timestamp: "2023-08-04T12:30:00.000+0000" },
        { timestamp: "2023-08-04T12:29:00.000+0000", value: 9.5 },
        { timestamp: "2023-08-04T12:28:00.000+0000" },
      ],
    });

    // Act
    const window = evaluatedWindow(
      reasonData,
      { periodSeconds: 60, evaluationPeriods: 5 },
      "2023-08-04T12:31:29.595Z",
    );

    // Assess
    expect(window).toEqual({ lastPeriodStart: "2023-08-04T12:30:00.000Z" });
  });

  it("gives no window when the event's period is not the alarm's (the config changed since)", () => {
    // Prepare
    const state = sampleState("single-metric");

    // Act
    const window = evaluatedWindow(
      state.reasonData,
      { periodSeconds: 60, evaluationPeriods: 1 },
      iso(state.timestamp),
    );

    // Assess
    expect(window).toBeUndefined();
  });

  it.each([
    { what: "no reasonData", reasonData: undefined },
    { what: "reasonData that is not JSON", reasonData: "set by hand" },
    {
      what: "a window ending after the state change",
      reasonData: JSON.stringify({
        queryDate: "2026-11-27T14:00:05.000+0000",
        period: 60,
        evaluatedDatapoints: [{ timestamp: "2026-11-27T14:00:00.000+0000" }],
      }),
    },
  ])("gives no window for $what", ({ reasonData }) => {
    // Act
    const window = evaluatedWindow(
      reasonData,
      { periodSeconds: 60, evaluationPeriods: 3 },
      "2026-11-27T14:00:05.000Z",
    );

    // Assess
    expect(window).toBeUndefined();
  });

  it("says what is published at a time: the source's delay before it", () => {
    // Act
    const until = knownUntil("2026-11-27T14:02:00.000Z", "lambda");

    // Assess: 90 s for AWS/Lambda, 15 s for EMF (docs/design.md "Signals").
    expect(until).toBe("2026-11-27T14:00:30.000Z");
    expect(knownUntil("2026-11-27T14:02:00.000Z", "emf")).toBe("2026-11-27T14:01:45.000Z");
  });
});
