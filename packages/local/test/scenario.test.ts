import { describe, expect, it } from "vitest";
import { InputError } from "@ripcord/core/errors";
import { demoScenario } from "../src/demo.ts";
import {
  finalRouting,
  parseScenario,
  scenarioConfig,
  scenarioFunction,
  scenarioMinutes,
  serviceNameOf,
} from "../src/scenario.ts";

const NOW = "2026-11-27T14:00:00.000Z";

function scenario(overrides: Record<string, unknown> = {}): unknown {
  return {
    format: "ripcord-scenario/1",
    name: "Canary Gone Wrong",
    expect: "rollback",
    expectVersion: "20",
    function: "shop-api",
    alias: "live",
    thresholds: {
      errorRatePercent: 5,
      latencyMs: 1500,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    },
    releases: [
      { version: "19", minutesAgo: 9000 },
      { version: "20", minutesAgo: 3000 },
      { version: "21", minutesAgo: 9, weight: 0.25 },
    ],
    traffic: [
      {
        minutesAgo: 1,
        byVersion: {
          "20": { invocations: 75, errors: 0, latencyMs: 100 },
          "21": { invocations: 25, errors: 5, latencyMs: 100 },
        },
      },
      { minutesAgo: 2, byVersion: { "20": { invocations: 100, errors: 0, latencyMs: 100 } } },
    ],
    ...overrides,
  };
}

describe("scenario replay inputs", () => {
  it("leaves a canary's alias on the last full release with the canary's weight", () => {
    // Prepare
    const file = parseScenario(scenario(), "test");

    // Act
    const routing = finalRouting(file);

    // Assess
    expect(routing).toEqual({ version: "20", weights: { "21": 0.25 } });
  });

  it("places the row `minutesAgo: m` at now - m minutes, oldest first", () => {
    // Prepare
    const file = parseScenario(scenario(), "test");

    // Act
    const minutes = scenarioMinutes(file, NOW);

    // Assess
    expect(minutes.map((m) => m.start)).toEqual([
      "2026-11-27T13:58:00.000Z",
      "2026-11-27T13:59:00.000Z",
    ]);
  });

  it("watches the scenario's service with its signal source, lambda when the file names none", () => {
    // Act
    const named = (signal: string) =>
      Object.values(scenarioConfig(parseScenario(scenario({ signal }), "test")).services)[0]
        ?.signal;
    const unnamed = Object.values(scenarioConfig(parseScenario(scenario(), "test")).services)[0];

    // Assess
    expect([named("lambda"), named("url"), named("emf")]).toEqual(["lambda", "url", "emf"]);
    expect(unnamed?.signal).toBe("lambda");
  });

  it("refuses a signal that is none of the three sources, naming the field", () => {
    expect(() => parseScenario(scenario({ signal: "apigateway" }), "bad.json")).toThrow(
      /bad\.json is not a valid ripcord-scenario\/1 file:\n {2}- signal:/,
    );
  });

  it("watches the scenario's function with its thresholds, and moves its alias as its history says", () => {
    // Prepare
    const file = parseScenario(scenario(), "test");

    // Act
    const config = scenarioConfig(file, { distributionId: "E2ABCDEF123456" });
    const fn = scenarioFunction(file, NOW, config);

    // Assess
    const service = config.services["canary-gone-wrong"];
    expect(service?.functions).toEqual([{ name: "shop-api", alias: "live" }]);
    expect(service?.alarms.errorRatePercent).toBe(5);
    expect(service?.cloudfront?.distributionId).toBe("E2ABCDEF123456");
    expect(fn.highestVersion).toBe(21);
    expect(fn.stabilityWindowMinutes).toBe(60);
    expect(fn.moves).toEqual([
      { routing: { version: "19", weights: {} }, at: "2026-11-21T08:00:00.000Z" },
      { routing: { version: "20", weights: {} }, at: "2026-11-25T12:00:00.000Z" },
      { routing: { version: "20", weights: { "21": 0.25 } }, at: "2026-11-27T13:51:00.000Z" },
    ]);
  });

  it("refuses an invalid file with the fields that are wrong", () => {
    // Act
    const parse = () =>
      parseScenario(
        scenario({ expectVersion: undefined, format: "ripcord-scenario/2" }),
        "bad.json",
      );

    // Assess
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(/bad.json is not a valid ripcord-scenario\/1 file[\s\S]*format/);
  });

  it("names the service after the scenario, within the config's rule", () => {
    // Act
    const names = [
      serviceNameOf({ name: "Error spike: after deploy!", function: "x" }),
      serviceNameOf({ name: "42", function: "Shop_API" }),
    ];

    // Assess
    expect(names).toEqual(["error-spike-after-deploy", "shop-api"]);
  });

  it("makes the demo a valid scenario: version 3 released 11 minutes ago, 2 and 1 before it, its traffic played rather than listed", () => {
    // Act
    const demo = demoScenario();

    // Assess
    expect(demo.releases).toEqual([
      { version: "1", minutesAgo: 10_080 },
      { version: "2", minutesAgo: 2_880 },
      { version: "3", minutesAgo: 11 },
    ]);
    expect(demo.traffic).toEqual([]);
    expect(demo.signal).toBeUndefined();
  });
});
