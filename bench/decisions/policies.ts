import type * as Scenario from "@ripcord/local/scenario-file";

/*
 * What a policy did with one case, and the naive policy. Ripcord's own policy is production.ts:
 * the run as it happens on AWS, with core's decision and re-check functions.
 */

/** What a policy did with one case. */
export interface PolicyAction {
  rollback: boolean;
  /** With a rollback: the version the alias goes back to. */
  target?: string;
  /** How the policy got there, in words (Ripcord: each firing alarm's verdict, rule and reason). */
  why: string;
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
