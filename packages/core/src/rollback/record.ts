import * as Config from "../config/index.ts";
import * as Release from "../release/index.ts";
import { Store } from "../aws/index.ts";
import { ConflictError } from "../errors/index.ts";
import { notify } from "./notify.ts";
import { recordOf, statusOf, stepsOf, warningsOf } from "./history.ts";
import type { RollbackState } from "./state.ts";

export { statusOf };

const LEDGER_ATTEMPTS = 3;

/**
 * Record: write the run into the history, mark the rolled-back versions known-bad in each ledger,
 * start the cooldown and freeze the service when an alias moved, and release the lock (only when
 * this run holds it). Safe to retry: every write is idempotent.
 */
export async function record(state: RollbackState, clock: () => Date = () => new Date(), config = Config.fromEnv()) {
  const endedAt = clock().toISOString();
  const service = Config.serviceOf(config, state.service);
  const shifted = (state.shift?.results ?? []).filter((r) => r.status === "shifted");
  const window = service?.policy.stabilityWindowMinutes ?? 60;
  await Promise.all(
    shifted.map((r) => updateLedger(r.function, r.alias, (ledger) => {
      const marked = Release.markBad(ledger, r.from.version, state.now);
      return Release.observe(marked, { version: r.to, weights: {} }, state.now, window);
    })),
  );
  if (shifted.length > 0) {
    const cooldownMinutes = service?.policy.cooldownMinutes ?? 30;
    const until = new Date(Date.parse(state.now) + cooldownMinutes * 60_000).toISOString();
    await Promise.all([
      Store.setCooldown(state.service, until),
      Store.setFrozen(state.service, {
        versions: Object.fromEntries(shifted.map((r) => [r.function, r.from.version])),
        rollbackId: state.id,
        since: state.now,
      }),
    ]);
  }
  await writeHistory(state, endedAt);
  if (state.lock?.acquired) await Store.releaseLock(state.service, state.lock.owner);
  return { status: statusOf(state), warnings: warningsOf(state) };
}

/**
 * Fail: the catch-all path. Records the failure, tells the team, releases the lock. A notification
 * failure here is recorded, not rethrown: the run already failed and the lock must still be released.
 */
export async function fail(state: RollbackState, clock: () => Date = () => new Date()) {
  let notified = true;
  try {
    await notify("outcome", state);
  } catch {
    notified = false;
  }
  await writeHistory(state, clock().toISOString(), notified ? [] : ["the failure notification could not be delivered"]);
  if (state.lock?.acquired) await Store.releaseLock(state.service, state.lock.owner);
  return { status: statusOf(state), notified };
}

async function writeHistory(state: RollbackState, endedAt: string, extraWarnings: string[] = []): Promise<void> {
  const final = recordOf(state, endedAt);
  const warnings = [...(final.warnings ?? []), ...extraWarnings];
  await Store.putRollback({ ...final, status: "running" });
  const { id, service, source, startedAt, ...patch } = final;
  await Promise.all([
    Store.updateRollback(id, { ...patch, ...(warnings.length > 0 && { warnings }) }),
    ...stepsOf(state).map((step) => Store.appendStep(state.id, step)),
  ]);
}

/** Read-modify-write of a ledger with compare-and-swap; a lost race re-reads and tries again. */
async function updateLedger(fn: string, alias: string, change: (ledger: Release.Ledger) => Release.Ledger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await Store.loadLedger(fn, alias);
    try {
      await Store.saveLedger(fn, alias, Release.bound(change(stored.releases)), stored.rev);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= LEDGER_ATTEMPTS) throw error;
    }
  }
}
