import { Store } from "../aws/index.ts";
import { stepsOf } from "./history.ts";
import type { RollbackState } from "../state/index.ts";

/**
 * Writes the steps that have run so far into the history, so GET /rollbacks/:id and `ripcord watch`
 * follow a run while it goes on. Called beside each notification, which comes after the decision and
 * the shift: never on the path to the shift. Idempotent (a step's key is its start time and name);
 * Record writes every step again at the end.
 */
export async function recordProgress(state: RollbackState): Promise<number> {
  const steps = stepsOf(state);
  await Promise.all(steps.map((step) => Store.appendStep(state.id, step)));
  return steps.length;
}
