import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import * as Config from "../config/index.ts";
import { DAY_MS } from "../verify/time.ts";
import { automaticRefusal, readGuards } from "./guards.ts";
import { recordOf } from "./history.ts";
import type { LockResult, Resolved } from "../state/index.ts";

/** A lock outlives any execution (Standard workflows here take minutes): it expires if a run dies without releasing it. */
export const LOCK_TTL_SECONDS = 30 * 60;

/**
 * Lock: the guards that stop a rollback before it starts (pause, cooldown, daily cap: for alarms
 * only; a person acting by hand is the override), then the per-service lock.
 *
 * The guards are checked twice. Resolve's reads refuse early, without a write. But a rollback of
 * the same service (another alarm of it) may have ended between those reads and this lock: its
 * Record set the cooldown and counted in the day's rollbacks before it released the lock. So the
 * lock is taken in one transaction with ConditionChecks on the cooldown and the pauses, and the
 * day's count is read once the lock is held, when nothing can change it any more; a refusal then
 * releases the lock. When the transaction is refused, the state read says why; if nothing does
 * (an item it could not judge), the lock is taken the plain way and every guard read again.
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
  let late: () => Promise<string | undefined> = () => Promise.resolve(undefined);
  try {
    // The history record starts in the same round trip: a manual run's record (written by the API) is kept.
    const [clear] = await Promise.all([
      automatic
        ? Store.acquireLockIfClear(input.service, owner, input.now, LOCK_TTL_SECONDS)
        : Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS).then(() => true),
      Store.putRollback(recordOf({ ...input, resolved }, undefined)),
    ]);
    late = async () => refusal({ rollbacksToday: await rollbacksToday(input) });
    if (!clear) {
      const why = refusal(await readGuards(input.service, input.now));
      if (why) return { acquired: false, owner, reason: why };
      await Store.acquireLock(input.service, owner, input.now, LOCK_TTL_SECONDS);
      late = async () => refusal(await readGuards(input.service, input.now));
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
  const lateRefusal = automatic ? await late() : undefined;
  if (lateRefusal) {
    await Store.releaseLock(input.service, owner);
    return { acquired: false, owner, reason: lateRefusal };
  }
  return { acquired: true, owner };
}

/** Rollbacks of the service in the 24 hours before the run's "now". */
function rollbacksToday(input: ExecutionInput): Promise<number> {
  return Store.countRollbacksSince(
    input.service,
    new Date(Date.parse(input.now) - DAY_MS).toISOString(),
  );
}
