import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import * as Config from "../config/index.ts";
import { recordOf } from "./history.ts";
import type { LockResult, Resolved } from "./state.ts";

/** A lock outlives any execution (Standard workflows here take minutes): it expires if a run dies without releasing it. */
export const LOCK_TTL_SECONDS = 30 * 60;

/**
 * Lock: the guards that stop a rollback before it starts (pause, cooldown, daily cap: for alarms
 * only; a person acting by hand is the override), then the per-service lock by conditional write.
 */
export async function lock(input: ExecutionInput, resolved: Resolved, config = Config.fromEnv()): Promise<LockResult> {
  const owner = input.id;
  const refused = input.source === "alarm" ? automaticGuard(input, resolved, config) : undefined;
  if (refused) return { acquired: false, owner, reason: refused };
  try {
    // The history record starts in the same round trip: a manual run's record (written by the API) is kept.
    await Promise.all([
      Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS),
      Store.putRollback(recordOf({ ...input, resolved }, undefined)),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) {
      return { acquired: false, owner, reason: `another rollback of ${input.service} is running (${error.message})` };
    }
    throw error;
  }
  return { acquired: true, owner };
}

function automaticGuard(input: ExecutionInput, resolved: Resolved, config: Config.RipcordConfig): string | undefined {
  const policy = Config.serviceOf(config, input.service)?.policy;
  if (resolved.paused && (!resolved.paused.until || resolved.paused.until > input.now)) {
    return `automatic rollbacks of ${input.service} are paused (${resolved.paused.reason}${resolved.paused.until ? `, until ${resolved.paused.until}` : ""})`;
  }
  if (resolved.cooldownUntil && resolved.cooldownUntil > input.now) {
    return `${input.service} is cooling down after a rollback until ${resolved.cooldownUntil}`;
  }
  if (policy && resolved.rollbacksToday >= policy.maxRollbacksPerDay) {
    return `${input.service} already had ${resolved.rollbacksToday} rollbacks in the last 24 hours (cap ${policy.maxRollbacksPerDay})`;
  }
  return undefined;
}
