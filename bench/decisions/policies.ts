import * as Alarms from "@ripcord/core/alarms";
import * as Verify from "@ripcord/core/verify";
import { defineConfig } from "@ripcord/core/config";
import { replay } from "@ripcord/local/history";
import * as Scenario from "@ripcord/local/scenario-file";

/** What a policy did with one case. */
export interface PolicyAction {
  rollback: boolean;
  /** With a rollback: the version the alias goes back to. */
  target?: string;
  /** How the policy got there, in words (Ripcord: each firing alarm's verdict, rule and reason). */
  why: string;
}

/** Ripcord's alarm name prefix and the scenario's service name in the scoring runs (any valid names decide the same). */
const PREFIX = "ripcord-bench";
const SERVICE = "bench";

/**
 * Ripcord's real decision for a scenario at `now`, as the pipeline makes it: the ledger from the
 * release history (core's ledger rules mark known-good), the service's alarms evaluated on the
 * alias-level metrics, `Verify.decide` for every alarm in ALARM, `Verify.combine` for the service.
 * Under the default policy an inconclusive verdict leaves the alias alone.
 */
export function ripcordPolicy(file: Scenario.ScenarioFile, now: string): PolicyAction {
  // The scenario's one function as a service with its thresholds and the default policy, as the sandbox watches it.
  const config = defineConfig({
    services: {
      [SERVICE]: {
        signal: "lambda",
        functions: [{ name: file.function, alias: file.alias }],
        alarms: file.thresholds,
      },
    },
  });
  const service = config.services[SERVICE];
  if (!service) throw new RangeError(`the scenario config has no service for ${file.function}`);
  const ledger = replay(
    Scenario.scenarioHistory(file, now),
    now,
    service.policy.stabilityWindowMinutes,
  );
  const metrics = Scenario.scenarioMetrics(file, now);
  const firing = Alarms.specs(config, { prefix: PREFIX, latencyStatistic: "Maximum" }).filter(
    (spec) =>
      Alarms.evaluate(spec, Alarms.windowValues(spec, metrics.alias, now)).state === "ALARM",
  );
  const decisions = firing.map((spec) =>
    Verify.decide({ now, alarm: spec, policy: service.policy, ledger, metrics }),
  );
  const verdict = Verify.combine(decisions);
  const why = decisions
    .map(
      (d) =>
        `${d.alarm.slice(`${PREFIX}-${SERVICE}-`.length)}: ${d.verdict} (${d.rule}) ${d.reason}`,
    )
    .join(" | ");
  if (verdict.verdict !== "rollback") return { rollback: false, why: why || "no alarm in ALARM" };
  const targets = [
    ...new Set(
      verdict.decisions.filter((d) => d.verdict === "rollback").map((d) => d.targetVersion),
    ),
  ];
  // One function per scenario: every rollback decision names the same target, or the decision is inconsistent.
  if (targets.length !== 1 || targets[0] === undefined)
    throw new RangeError(`${file.name}: rollback decisions name targets ${targets.join(", ")}`);
  return { rollback: true, target: targets[0], why };
}

/**
 * What deployment tools do (CodeDeploy, Argo Rollouts, Flagger): whenever the alarm fires, return
 * the alias to the release before the current one. Every corpus case has an alarm in ALARM.
 */
export function naivePolicy(file: Scenario.ScenarioFile): PolicyAction {
  const previous = file.releases.at(-2);
  if (!previous) return { rollback: false, why: "no previous release to return to" };
  return {
    rollback: true,
    target: previous.version,
    why: `alarm fired: back to the previous release ${previous.version}`,
  };
}
