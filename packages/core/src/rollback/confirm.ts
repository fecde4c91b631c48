import * as Config from "../config/index.ts";
import * as Verify from "../verify/index.ts";
import { CloudWatch } from "../aws/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import { latencyStatistic } from "./env.ts";
import { knownUntil, publicationDelayMs } from "./publication.ts";
import type { ConfirmResult, Resolved, ShiftResult } from "../state/index.ts";

/**
 * Confirm: after the wait, read each shifted function's target version's own traffic (version
 * level, ExecutedVersion = target: the alias level would credit the old version's last requests,
 * or blame it). The window is derived from "now", not the clock, so a run can be replayed: the
 * periods from "now" (the alarm) to "now" plus the confirmation wait that are published by then.
 * The service recovered when every shifted function's target is back under its thresholds;
 * unknown when no such period had traffic.
 */
export async function confirm(
  input: ExecutionInput,
  resolved: Resolved,
  shifted: ShiftResult,
  config = Config.fromEnv(),
): Promise<ConfirmResult> {
  const service = Config.serviceOf(config, input.service);
  if (!service) throw new Error(`service ${input.service} vanished from the config between steps`);
  const thresholds = service.alarms;
  const shiftedAt = input.now;
  const now = new Date(Date.parse(input.now) + resolved.confirmAfterSeconds * 1000).toISOString();
  const delaySeconds = publicationDelayMs(service.signal) / 1000;
  if (resolved.confirmAfterSeconds < thresholds.periodSeconds + delaySeconds) {
    return {
      outcome: "unknown",
      reason: `the confirmation wait (${resolved.confirmAfterSeconds} s) is shorter than one period (${thresholds.periodSeconds} s) plus the ${delaySeconds} s its metrics take to be published: no traffic after the shift to judge`,
    };
  }
  const outcomes = await Promise.all(
    shifted.results
      .filter((r) => r.status === "shifted" || r.status === "already-there")
      .map(async (r) => {
        // The versions it served before the shift too: attribution needs the version level of
        // every version the alias served to tell whether it accounts for the alias's traffic.
        const before = [r.from.version, ...Object.keys(r.from.weights)];
        const stats = await CloudWatch.periodStats({
          fn: r.function,
          alias: r.alias,
          versions: [...new Set([r.to, ...before])],
          from: shiftedAt,
          to: now,
          signal: service.signal,
          periodSeconds: thresholds.periodSeconds,
          latencyStatistic: latencyStatistic(),
        });
        // Where the source publishes no ExecutedVersion, a period is the target's when the alias
        // served it at 100% throughout (docs/design.md "Signals"): the ledger Resolve read, then
        // the alias on the target from the moment UpdateAlias returned.
        const ledger = resolved.functions.find((fn) => fn.name === r.function)?.ledger ?? [];
        const history =
          r.status === "shifted" && r.updatedAt
            ? [...ledger, { version: r.to, takenAt: r.updatedAt }]
            : ledger;
        const own = Verify.attribute(stats, history, thresholds.periodSeconds * 1000);
        const result = Verify.confirm({
          now,
          shiftedAt,
          periodSeconds: thresholds.periodSeconds,
          thresholds,
          version: r.to,
          stats: own.byVersion[r.to] ?? [],
          knownUntil: knownUntil(now, service.signal),
        });
        return { fn: r.function, ...result };
      }),
  );
  const notRecovered = outcomes.filter((o) => o.outcome === "not-recovered");
  const unknown = outcomes.filter((o) => o.outcome === "unknown");
  if (notRecovered.length > 0)
    return {
      outcome: "not-recovered",
      reason: notRecovered.map((o) => `${o.fn}: ${o.reason}`).join("; "),
    };
  if (unknown.length > 0 || outcomes.length === 0) {
    return {
      outcome: "unknown",
      reason: unknown.map((o) => `${o.fn}: ${o.reason}`).join("; ") || "no alias was shifted",
    };
  }
  return { outcome: "recovered", reason: outcomes.map((o) => `${o.fn}: ${o.reason}`).join("; ") };
}
