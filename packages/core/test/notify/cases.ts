import type { RollbackState } from "@ripcord/core/rollback";
import type { NotifyPhase } from "@ripcord/core/workflow";
import * as States from "./states.ts";

/** The environment infra gives the notify step: links to the execution and the status page. */
export const LINK_ENV = {
  RIPCORD_STATE_MACHINE_ARN:
    "arn:aws:states:eu-west-1:123456789012:stateMachine:ripcord-prod-rollback",
  RIPCORD_STATUS_URL: "https://ripcord.example.com/",
};

export interface RenderCase {
  /** fixtures/<name>.txt (text) and fixtures/<name>.json (subject, attributes, blocks, payload). */
  name: string;
  phase: NotifyPhase;
  state: RollbackState;
}

export const CASES: RenderCase[] = [
  { name: "rollback-shifted", phase: "shifted", state: States.rollbackShifted },
  { name: "outcome-recovered", phase: "outcome", state: States.outcomeRecovered },
  { name: "outcome-not-recovered", phase: "outcome", state: States.outcomeNotRecovered },
  { name: "hold-not-worse", phase: "held", state: States.holdNotWorse },
  { name: "partial-shift", phase: "shifted", state: States.partialShift },
  { name: "dry-run", phase: "held", state: States.dryRunHold },
  { name: "raced-deploy", phase: "held", state: States.racedDeploy },
  { name: "skipped-cooldown", phase: "skipped", state: States.skippedCooldown },
  { name: "manual-shifted", phase: "shifted", state: States.manualShifted },
  { name: "latency-shifted", phase: "shifted", state: States.latencyShifted },
  { name: "failed-before-shift", phase: "outcome", state: States.failedBeforeShift },
];
