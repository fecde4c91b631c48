import * as Config from "../config/index.ts";
import * as Verify from "../verify/index.ts";
import { CloudWatch } from "../aws/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import { latencyStatistic } from "./env.ts";
import type { ConfirmResult, Resolved, ShiftResult } from "../state/index.ts";

/**
 * Confirm: after the wait, read each shifted alias's metrics. The window is derived from "now",
 * not the clock, so a run can be replayed: the periods from "now" (the alarm) to "now" plus the
 * confirmation wait. The service recovered when every shifted alias is back under its thresholds;
 * unknown when there was no traffic to judge.
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
  if (resolved.confirmAfterSeconds < thresholds.periodSeconds) {
    return {
      outcome: "unknown",
      reason: `the confirmation wait (${resolved.confirmAfterSeconds} s) is shorter than one period (${thresholds.periodSeconds} s): no traffic after the shift to judge`,
    };
  }
  const outcomes = await Promise.all(
    shifted.results
      .filter((r) => r.status === "shifted" || r.status === "already-there")
      .map(async (r) => {
        const stats = await CloudWatch.periodStats({
          fn: r.function,
          alias: r.alias,
          versions: [],
          from: shiftedAt,
          to: now,
          periodSeconds: thresholds.periodSeconds,
          latencyStatistic: latencyStatistic(),
        });
        const result = Verify.confirm({
          now,
          shiftedAt,
          periodSeconds: thresholds.periodSeconds,
          thresholds,
          alias: stats.alias,
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
