import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import * as Config from "../config/index.ts";
import { automaticRefusal, readGuards } from "./guards.ts";
import { recordOf } from "./history.ts";
import type { LockResult, Resolved } from "../state/index.ts";

/** A lock outlives any execution (Standard workflows here take minutes): it expires if a run dies without releasing it. */
export const LOCK_TTL_SECONDS = 30 * 60;

/**
 * Lock: the guards that stop a rollback before it starts (pause, cooldown, daily cap: for alarms
 * only; a person acting by hand is the override), then the per-service lock by conditional write.
 *
 * The guards are checked twice. Resolve's reads refuse early, without a write. But a rollback of
 * the same service (another alarm of it) may have ended between those reads and this lock: its
 * Record set the cooldown before it released the lock, so the guards are read again once the lock
 * is held, when nothing can change them any more, and a refusal then releases the lock.
 */
export async function lock(
  input: ExecutionInput,
  resolved: Resolved,
  config = Config.fromEnv(),
): Promise<LockResult> {
  const owner = input.id;
  const automatic = input.source === "alarm";
  const cap = Config.serviceOf(config, input.service)?.policy.maxRollbacksPerDay;
  const refusal = (guards: Parameters<typeof automaticRefusal>[1]) =>
    automatic ? automaticRefusal(input.service, guards, input.now, cap) : undefined;
  const refused = refusal(resolved);
  if (refused) return { acquired: false, owner, reason: refused };
  try {
    // The history record starts in the same round trip: a manual run's record (written by the API) is kept.
    await Promise.all([
      Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS),
      Store.putRollback(recordOf({ ...input, resolved }, undefined)),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) {
      return {
        acquired: false,
        owner,
        reason: `another rollback of ${input.service} is running (${error.message})`,
      };
    }
    throw error;
  }
  const late = automatic ? refusal(await readGuards(input.service, input.now)) : undefined;
  if (late) {
    await Store.releaseLock(input.service, owner);
    return { acquired: false, owner, reason: late };
  }
  return { acquired: true, owner };
}
