import middy from "@middy/core";
import * as Rollback from "@ripcord/core/rollback";
import { log } from "./lib/logger.ts";
import { warmPreShiftSteps } from "./lib/warm.ts";

/**
 * Scheduled every minute: keeps the ledger in step with the aliases and the pre-shift steps warm.
 * A scheduled run has no alarm time, so "now" is the tick's own time.
 */
export const handler = middy(async () => {
  const now = new Date().toISOString();
  const [reports] = await Promise.all([Rollback.reconcile(now), warmPreShiftSteps()]);
  for (const report of reports) {
    if (report.changed || report.promoted.length > 0 || report.knownBad) log.info("alias reconciled", { ...report });
  }
  return { now, aliases: reports.length, changed: reports.filter((r) => r.changed).length };
});
