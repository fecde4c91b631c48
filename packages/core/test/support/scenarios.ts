import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@ripcord/core/config";
import * as Alarms from "@ripcord/core/alarms";
import type * as Release from "@ripcord/core/release";
import * as Verify from "@ripcord/core/verify";
import { replay } from "@ripcord/local/history";
import * as Scenario from "@ripcord/local/scenario-file";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
/** The labelled scenarios: the repository's own fixtures. */
export const scenariosDir = path.resolve(repoRoot, "scenarios/labelled");

export function scenarioFiles(): string[] {
  return readdirSync(scenariosDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => path.join(scenariosDir, name));
}

export function loadScenario(file: string): Scenario.ScenarioFile {
  return Scenario.ScenarioFile.parse(JSON.parse(readFileSync(file, "utf8")));
}

const SERVICE = "demo";

export interface ScenarioOutcome {
  firing: Alarms.AlarmSpec[];
  service: Verify.ServiceDecision;
  ledger: Release.Ledger;
}

export interface ScenarioOptions {
  /** What the source publishes of the scenario's traffic (all of it, both dimension sets, by default). */
  metrics?: (metrics: Verify.DecisionMetrics) => Verify.DecisionMetrics;
  onInconclusive?: "hold" | "rollback";
}

/**
 * Plays a scenario the way the pipeline sees it at `now`: the ledger from its history, the alarms
 * evaluated on the alias-level values, and a decision for every alarm in ALARM.
 */
export function decideScenario(
  file: Scenario.ScenarioFile,
  now: string,
  options: ScenarioOptions = {},
): ScenarioOutcome {
  const config = defineConfig({
    services: {
      [SERVICE]: {
        signal: "lambda",
        functions: [{ name: file.function, alias: file.alias }],
        alarms: file.thresholds,
        ...(options.onInconclusive && { policy: { onInconclusive: options.onInconclusive } }),
      },
    },
  });
  const policy = config.services[SERVICE]?.policy;
  if (!policy) throw new Error("the scenario's service is missing from its own config");
  const ledger = replay(Scenario.scenarioHistory(file, now), now, policy.stabilityWindowMinutes);
  const published = Scenario.scenarioMetrics(file, now);
  const metrics = options.metrics ? options.metrics(published) : published;
  const firing = Alarms.specs(config, {
    prefix: "ripcord-test",
    latencyStatistic: "Maximum",
  }).filter(
    (spec) =>
      Alarms.evaluate(spec, Alarms.windowValues(spec, metrics.alias, now)).state === "ALARM",
  );
  const decisions = firing.map((spec) =>
    Verify.decide({ now, alarm: spec, policy, ledger, metrics }),
  );
  return { firing, service: Verify.combine(decisions), ledger };
}
