import * as Config from "../config/index.ts";
import * as Release from "../release/index.ts";
import { Store } from "../aws/index.ts";
import { SHIFTED } from "../history/index.ts";
import { ConflictError, errorText } from "../errors/index.ts";
import { notify } from "./notify.ts";
import { recordOf, statusOf, stepsOf, warningsOf } from "./history.ts";
import { retryTransient } from "./retry.ts";
import type { RollbackState } from "../state/index.ts";

export { statusOf };

const LEDGER_ATTEMPTS = 3;

/**
 * Record: write the run into the history, mark the rolled-back versions known-bad in each ledger,
 * start the cooldown and freeze the service when an alias moved, and release the lock (only when
 * this run holds it). Safe to retry: every write is idempotent, and each is tried again on its own
 * when it fails transiently, so one throttled write among a dozen does not fail the step.
 */
export async function record(
  state: RollbackState,
  clock: () => Date = () => new Date(),
  config = Config.fromEnv(),
) {
  const endedAt = clock().toISOString();
  await afterShift(state, config);
  await writeHistory(state, endedAt);
  const lock = state.lock;
  if (lock?.acquired) await retryTransient(() => Store.releaseLock(state.service, lock.owner));
  return { status: statusOf(state), warnings: warningsOf(state) };
}

/**
 * Fail: the catch-all path. Records the failure, tells the team, releases the lock. A step that
 * failed after the shift leaves the alias restored, so what Record would have done for it (known-bad
 * mark, cooldown, freeze) is done here too. The lock is released by owner, not by what the state
 * says: a Lock step that failed after its write never reported holding it. Failures of these extras
 * become warnings in the history, never a reason to keep the lock.
 */
export async function fail(
  state: RollbackState,
  clock: () => Date = () => new Date(),
  config = Config.fromEnv(),
) {
  const warnings: string[] = [];
  const [notified] = await Promise.all([
    notify("outcome", state).then(
      () => true,
      (error: unknown) => {
        warnings.push(`the failure notification could not be delivered (${errorText(error)})`);
        return false;
      },
    ),
    afterShift(state, config).catch((error: unknown) => {
      warnings.push(
        `the shift's known-bad mark, cooldown and freeze could not be recorded (${errorText(error)})`,
      );
    }),
  ]);
  await writeHistory(state, clock().toISOString(), warnings);
  await releaseOwnLock(state.service, state.lock?.owner ?? state.id);
  return { status: statusOf(state), notified };
}

/** For every alias that moved: the version it left is known-bad, the cooldown starts, the service is frozen. */
async function afterShift(state: RollbackState, config: Config.RipcordConfig): Promise<void> {
  const service = Config.serviceOf(config, state.service);
  const shifted = (state.shift?.results ?? []).filter((r) => r.status === "shifted");
  if (shifted.length === 0) return;
  const window = service?.policy.stabilityWindowMinutes ?? 60;
  const cooldownMinutes = service?.policy.cooldownMinutes ?? 30;
  const until = new Date(Date.parse(state.now) + cooldownMinutes * 60_000).toISOString();
  await Promise.all([
    ...shifted.map((r) =>
      updateLedger(r.function, r.alias, (ledger) => {
        const marked = Release.markBad(ledger, r.from.version, state.now);
        return Release.observe(marked, { version: r.to, weights: {} }, state.now, window);
      }),
    ),
    retryTransient(() => Store.setCooldown(state.service, until)),
    retryTransient(() =>
      Store.setFrozen(state.service, {
        versions: Object.fromEntries(shifted.map((r) => [r.function, r.from.version])),
        rollbackId: state.id,
        since: state.now,
      }),
    ),
  ]);
}

/** Releases the service's lock if `owner` holds it; another run's lock is left in place. */
async function releaseOwnLock(service: string, owner: string): Promise<void> {
  try {
    await retryTransient(() => Store.releaseLock(service, owner));
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

async function writeHistory(
  state: RollbackState,
  endedAt: string,
  extraWarnings: string[] = [],
): Promise<void> {
  const final = recordOf(state, endedAt);
  const warnings = [...(final.warnings ?? []), ...extraWarnings];
  await retryTransient(() => Store.putRollback({ ...final, status: "running" }));
  // The key and the fields fixed at the start are not patched.
  const { id, service: _service, source: _source, startedAt: _startedAt, ...patch } = final;
  // A shifted run is counted for the daily cap before its final status is written (the count adds
  // this run's key whatever the history says), so a status people see as ended is followed at once
  // by the lock's release, and the next run's Lock sees the count.
  if (SHIFTED.includes(final.status))
    await retryTransient(() => Store.countShift(state.service, Store.timeKey(final), state.now));
  await Promise.all([
    retryTransient(() =>
      Store.updateRollback(id, { ...patch, ...(warnings.length > 0 && { warnings }) }),
    ),
    ...stepsOf(state).map((step) => retryTransient(() => Store.appendStep(state.id, step))),
  ]);
}

/** Read-modify-write of a ledger with compare-and-swap; a lost race re-reads and tries again. */
async function updateLedger(
  fn: string,
  alias: string,
  change: (ledger: Release.Ledger) => Release.Ledger,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await retryTransient(() => Store.loadLedger(fn, alias));
    try {
      await retryTransient(() =>
        Store.saveLedger(fn, alias, Release.bound(change(stored.releases)), stored.rev),
      );
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= LEDGER_ATTEMPTS) throw error;
    }
  }
}
