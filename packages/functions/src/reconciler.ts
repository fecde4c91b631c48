import "./lib/jitless.ts";
import middy from "@middy/core";
import * as Rollback from "@ripcord/core/rollback";
import { log } from "./lib/logger.ts";
import { warmPreShiftSteps } from "./lib/warm.ts";

/**
 * Scheduled every minute: keeps the ledger in step with the aliases, verifies again the alarms that
 * stay in ALARM after a hold on the effect rule, and keeps the pre-shift steps warm.
 * A scheduled run has no alarm time, so "now" is the tick's own time (a re-check judges the window
 * at the start of its minute).
 */
export const handler = middy(async () => {
  const now = new Date().toISOString();
  const [{ aliases, yielded, rechecks }] = await Promise.all([
    Rollback.reconcile(now),
    warmPreShiftSteps(),
  ]);
  for (const service of yielded)
    log.info("aliases not read: a rollback holds the service's lock", { service });
  for (const report of aliases) {
    if (report.changed || report.promoted.length > 0 || report.knownBad)
      log.info("alias reconciled", { ...report });
  }
  for (const report of rechecks)
    log.info(report.started ? "alarm re-checked" : "alarm not re-checked", { ...report });
  return {
    now,
    aliases: aliases.length,
    changed: aliases.filter((r) => r.changed).length,
    yielded,
    rechecks: rechecks.filter((r) => r.started && !r.duplicate).length,
  };
});
