import path from "node:path";
import { describe, expect, it } from "vitest";
import { decideScenario, loadScenario, scenarioFiles } from "./support/scenarios.ts";

/** Start of a minute, as the README asks: the row `minutesAgo: 1` is the most recent complete period. */
const NOW = "2026-11-27T14:00:00.000Z";

describe("labelled scenarios (scenarios/labelled)", () => {
  const files = scenarioFiles();

  it("finds all eight labelled scenarios", () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((file) => [path.basename(file, ".json"), file]))(
    "%s decides as labelled",
    (_name, file) => {
      // Prepare
      const scenario = loadScenario(file);

      // Act
      const { service } = decideScenario(scenario, NOW);

      // Assess
      const reasons = service.decisions
        .map((d) => `${d.alarm}: ${d.verdict} (${d.rule}) ${d.reason}`)
        .join("\n");
      if (scenario.expect === "rollback") {
        expect(service.verdict, reasons).toBe("rollback");
        const rollbacks = service.decisions.filter((d) => d.verdict === "rollback");
        expect(rollbacks.map((d) => d.targetVersion)).toEqual(
          rollbacks.map(() => scenario.expectVersion),
        );
      } else {
        expect(service.verdict, reasons).not.toBe("rollback");
      }
    },
  );
});
