import { Store } from "../aws/index.ts";
import { DAY_MS } from "../verify/time.ts";

/** What stops an automatic rollback before it starts, as it stands at "now" (expired items left out). */
export interface Guards {
  lock?: Store.Lock;
  paused?: Store.Pause & { scope: string };
  cooldownUntil?: string;
  /** Rollbacks of the service in the 24 hours before "now". */
  rollbacksToday: number;
}

/** The service's pause, cooldown, lock and the day's count, in one round trip. */
export async function readGuards(service: string, now: string): Promise<Guards> {
  const since = new Date(Date.parse(now) - DAY_MS).toISOString();
  const [state, rollbacksToday] = await Promise.all([
    Store.getServiceState(service, now),
    Store.countRollbacksSince(service, since),
  ]);
  return {
    ...(state.lock && { lock: state.lock }),
    ...(state.pause && { paused: state.pause }),
    ...(state.cooldownUntil && { cooldownUntil: state.cooldownUntil }),
    rollbacksToday,
  };
}

/**
 * Why an automatic rollback must not start (pause, cooldown, daily cap), or undefined. A person
 * acting by hand is the override, so manual runs never ask. The lock is the Lock step's own write.
 */
export function automaticRefusal(
  service: string,
  guards: {
    paused?: { reason: string; until?: string | undefined } | undefined;
    cooldownUntil?: string | undefined;
    rollbacksToday: number;
  },
  now: string,
  maxRollbacksPerDay: number | undefined,
): string | undefined {
  const { paused, cooldownUntil, rollbacksToday } = guards;
  if (paused && (!paused.until || paused.until > now)) {
    return `automatic rollbacks of ${service} are paused (${paused.reason}${paused.until ? `, until ${paused.until}` : ""})`;
  }
  if (cooldownUntil && cooldownUntil > now)
    return `${service} is cooling down after a rollback until ${cooldownUntil}`;
  if (maxRollbacksPerDay !== undefined && rollbacksToday >= maxRollbacksPerDay) {
    return `${service} already had ${rollbacksToday} rollbacks in the last 24 hours (cap ${maxRollbacksPerDay})`;
  }
  return undefined;
}
