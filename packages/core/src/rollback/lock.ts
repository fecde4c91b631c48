import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import * as Config from "../config/index.ts";
import { recordOf } from "./history.ts";
import type { LockResult, Resolved } from "./state.ts";

/** A lock outlives any execution (Standard workflows here take minutes): it expires if a run dies without releasing it. */
export const LOCK_TTL_SECONDS = 30 * 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Lock: the guards that stop a rollback before it starts (pause, cooldown, daily cap: for alarms
 * only; a person acting by hand is the override), then the per-service lock by conditional write.
 *
 * The guards are checked twice. Resolve's reads refuse early, without a write. But a rollback of
 * the same service (another alarm of it) may have ended between those reads and this lock: its
 * Record set the cooldown before it released the lock, so the guards are read again once the lock
 * is held, when nothing can change them any more, and a refusal then releases the lock.
 */
export async function lock(input: ExecutionInput, resolved: Resolved, config = Config.fromEnv()): Promise<LockResult> {
  const owner = input.id;
  const automatic = input.source === "alarm";
  const refused = automatic ? automaticGuard(input, resolved, config) : undefined;
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
  const late = automatic ? automaticGuard(input, await guardState(input), config) : undefined;
  if (late) {
    await Store.releaseLock(input.service, owner);
    return { acquired: false, owner, reason: late };
  }
  return { acquired: true, owner };
}

/** What the automatic guards read: from Resolve, or read again under the lock. */
type GuardState = Pick<Resolved, "paused" | "cooldownUntil" | "rollbacksToday">;

/** Pause, cooldown and the day's count as they stand now that the lock is held. */
async function guardState(input: ExecutionInput): Promise<GuardState> {
  const since = new Date(Date.parse(input.now) - DAY_MS).toISOString();
  const [state, rollbacksToday] = await Promise.all([Store.getServiceState(input.service), Store.countRollbacksSince(input.service, since)]);
  return { paused: state.pause, cooldownUntil: state.cooldownUntil, rollbacksToday };
}

function automaticGuard(input: ExecutionInput, guards: GuardState, config: Config.RipcordConfig): string | undefined {
  const policy = Config.serviceOf(config, input.service)?.policy;
  if (guards.paused && (!guards.paused.until || guards.paused.until > input.now)) {
    return `automatic rollbacks of ${input.service} are paused (${guards.paused.reason}${guards.paused.until ? `, until ${guards.paused.until}` : ""})`;
  }
  if (guards.cooldownUntil && guards.cooldownUntil > input.now) {
    return `${input.service} is cooling down after a rollback until ${guards.cooldownUntil}`;
  }
  if (policy && guards.rollbacksToday >= policy.maxRollbacksPerDay) {
    return `${input.service} already had ${guards.rollbacksToday} rollbacks in the last 24 hours (cap ${policy.maxRollbacksPerDay})`;
  }
  return undefined;
}
