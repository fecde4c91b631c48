import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import * as Config from "../config/index.ts";
import { automaticRefusal, readGuards, type Guards } from "./guards.ts";
import { recordOf } from "./history.ts";
import type { LockResult, Resolved } from "../state/index.ts";

/** A lock outlives any execution (Standard workflows here take minutes): it expires if a run dies without releasing it. */
export const LOCK_TTL_SECONDS = 30 * 60;

/**
 * Lock: the guards that stop a rollback before it starts (pause, cooldown, daily cap: for alarms
 * only; a person acting by hand is the override), then the per-service lock.
 *
 * One transaction takes the lock with ConditionChecks on the cooldown, the pauses and the service's
 * shift count (store/shift-count.ts: the rollbacks of the last 24 hours, written by Record before it
 * releases the lock), so a run that ended a moment ago is seen, and nothing is read before: this is
 * on the path to the shift. When the transaction is refused, the state read says why; if nothing
 * does (the shift count is not seeded yet, or an item it could not judge), the lock is taken the
 * plain way and every guard read again once it is held, the day's count by a Query of the history.
 */
export async function lock(
  input: ExecutionInput,
  resolved: Resolved,
  config = Config.fromEnv(),
): Promise<LockResult> {
  const owner = input.id;
  const automatic = input.source === "alarm";
  const cap = Config.serviceOf(config, input.service)?.policy.maxRollbacksPerDay;
  const refusal = (guards: Guards) =>
    automatic ? automaticRefusal(input.service, guards, input.now, cap) : undefined;
  // The history record starts in the same round trip; a manual run's record (written by the API) is kept.
  const record = recordOf({ ...input, resolved }, undefined);
  try {
    if (automatic) {
      const options = { dailyCap: cap, record };
      const ttl = LOCK_TTL_SECONDS;
      if (await Store.acquireLockIfClear(input.service, owner, input.now, ttl, options))
        return { acquired: true, owner };
      const [guards] = await Promise.all([
        readGuards(input.service, input.now),
        Store.putRollback(record),
      ]);
      const why = refusal(guards);
      if (why) return { acquired: false, owner, reason: why };
      await Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS);
    } else {
      await Promise.all([
        Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS),
        Store.putRollback(record),
      ]);
      return { acquired: true, owner };
    }
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
  // Held now: a run that ended between the read above and the lock is counted by this read.
  const late = refusal(await readGuards(input.service, input.now));
  if (late) {
    await Store.releaseLock(input.service, owner);
    return { acquired: false, owner, reason: late };
  }
  return { acquired: true, owner };
}
