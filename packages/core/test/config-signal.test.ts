import { describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import { SIGNAL_SOURCES, SOURCES, describeSources } from "@ripcord/core/signals";

/*
 * Each service names its signal source, and its periods are ones PutMetricAlarm accepts and that
 * the source can fill (docs/design.md "Signals"). Inputs go in untyped: what a hand-edited file holds.
 */

function service(fields: Record<string, unknown>): unknown {
  return { services: { checkout: { functions: [{ name: "checkout-api" }], ...fields } } };
}

/** The ConfigError the input is refused with (the test fails when it is accepted). */
function refusal(input: unknown): string {
  try {
    Config.parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("the config was accepted");
}

function alarms(signal: string, settings: Record<string, number>): unknown {
  return service({ signal, alarms: settings });
}

describe("the signal source of a service", () => {
  it("is required: the error names the field and lists the three sources with when each fits", () => {
    const message = refusal(service({}));

    expect(message).toContain("services.checkout.signal: required");
    expect(message).toContain(describeSources());
    for (const source of SIGNAL_SOURCES) {
      expect(message).toContain(`"${source}" (${SOURCES[source].fits})`);
    }
  });

  it("refuses a source that is not one of the three, with the same list", () => {
    const message = refusal(service({ signal: "cloudwatch" }));

    expect(message).toContain('services.checkout.signal: "cloudwatch" is not a signal source');
    expect(message).toContain(describeSources());
  });

  it.each(SIGNAL_SOURCES)("takes %s and keeps it in the parsed config", (signal) => {
    const config = Config.parseConfig(service({ signal }));

    expect(config.services.checkout?.signal).toBe(signal);
  });
});

describe("the alarm period", () => {
  it.each([10, 20, 30])("takes %i s with the emf source (high-resolution metrics)", (period) => {
    const config = Config.parseConfig(alarms("emf", { periodSeconds: period }));

    expect(config.services.checkout?.alarms.periodSeconds).toBe(period);
  });

  it.each([
    ["lambda", 10],
    ["lambda", 20],
    ["url", 30],
  ])(
    "refuses a sub-minute period with the %s source (%i s), naming the field, the fix and PutMetricAlarm",
    (signal, period) => {
      const message = refusal(alarms(signal, { periodSeconds: period }));

      expect(message).toContain(`services.checkout.alarms.periodSeconds: ${period} s`);
      expect(message).toContain(`the "${signal}" source's metrics have 1-minute resolution`);
      expect(message).toContain(
        "for a metric that does not have sub-minute resolution ... the alarm might often lapse into INSUFFICIENT_DATA",
      );
      expect(message).toContain(
        'Use periodSeconds 60 or more, or signal "emf" with @ripcord/instrument',
      );
    },
  );

  it.each([45, 90, 0, 15.5])("refuses %s s, which PutMetricAlarm does not accept", (period) => {
    const message = refusal(alarms("emf", { periodSeconds: period }));

    expect(message).toContain("services.checkout.alarms.periodSeconds");
  });

  it("names PutMetricAlarm's valid periods for a period that is none of them", () => {
    expect(refusal(alarms("emf", { periodSeconds: 45 }))).toContain(
      "10, 20, 30 or a multiple of 60 seconds",
    );
  });

  it.each([120, 3600])("takes %i s, a multiple of 60, with every source", (period) => {
    for (const signal of SIGNAL_SOURCES) {
      const config = Config.parseConfig(
        alarms(signal, { periodSeconds: period, evaluationPeriods: 1, datapointsToAlarm: 1 }),
      );
      expect(config.services.checkout?.alarms.periodSeconds).toBe(period);
    }
  });
});

describe("Period x EvaluationPeriods, capped as PutMetricAlarm caps it", () => {
  it.each([
    // [period, the most evaluation periods, the cap]: a day under an hour, a week from an hour.
    [10, 8640, 86_400],
    [60, 1440, 86_400],
    [3540, 24, 86_400],
    [3600, 168, 604_800],
    [86_400, 7, 604_800],
  ])("takes %i s x %i periods and refuses one more (%i s)", (period, most, cap) => {
    const at = (count: number) =>
      alarms("emf", { periodSeconds: period, evaluationPeriods: count, datapointsToAlarm: 1 });

    expect(Config.parseConfig(at(most)).services.checkout?.alarms.evaluationPeriods).toBe(most);
    const message = refusal(at(most + 1));
    expect(message).toContain(
      `services.checkout.alarms.evaluationPeriods: periodSeconds (${period}) x evaluationPeriods (${most + 1}) is ${period * (most + 1)} s, over the ${cap} s PutMetricAlarm allows`,
    );
    expect(message).toContain(`lower alarms.evaluationPeriods to at most ${most}`);
  });

  it("asks for a shorter period when even one period is over a week", () => {
    const message = refusal(
      alarms("lambda", { periodSeconds: 604_860, evaluationPeriods: 1, datapointsToAlarm: 1 }),
    );

    expect(message).toContain("lower alarms.periodSeconds to at most 604800");
  });

  it("has no cap of its own beyond CloudWatch's: 100 one-minute periods are fine", () => {
    const config = Config.parseConfig(alarms("lambda", { evaluationPeriods: 100 }));

    expect(config.services.checkout?.alarms.evaluationPeriods).toBe(100);
  });

  it("keeps what AWS refuses: fewer than one evaluation period or datapoint", () => {
    expect(refusal(alarms("lambda", { evaluationPeriods: 0, datapointsToAlarm: 0 }))).toMatch(
      /alarms\.evaluationPeriods[\s\S]*alarms\.datapointsToAlarm/,
    );
  });
});
