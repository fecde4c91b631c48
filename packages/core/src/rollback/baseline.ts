import * as Alarms from "../alarms/index.ts";
import * as Config from "../config/index.ts";
import * as Verify from "../verify/index.ts";
import { CloudWatch, Store } from "../aws/index.ts";
import type { Release } from "../release/types.ts";
import { alarmPrefix, latencyStatistic } from "./env.ts";
import { knownUntil } from "./publication.ts";

/** What the tick did about one alias's baseline summary. */
export type BaselineOutcome =
  /** Read the published hour and kept its summary on the ledger item. */
  | "kept"
  /** The summary on the item is of the current baseline already. */
  | "current"
  /** The hour is not all published yet: a later tick reads it. */
  | "unpublished"
  /** Not this tick: its budget of hours to read is spent. */
  | "deferred"
  /** No hour to summarise: no known-good target, a canary (its baseline is beside it), no alarm. */
  | "none";

/**
 * Hours one tick reads at most: after a deploy of every function, the summaries spread over a
 * few minutes rather than one burst of GetMetricData (a request quota of its own, per account).
 */
export const SUMMARIES_PER_TICK = 20;

/** A tick's shared allowance of hours to read. */
export interface SummaryBudget {
  left: number;
}

export function summaryBudget(): SummaryBudget {
  return { left: SUMMARIES_PER_TICK };
}

/**
 * docs/design.md "The decision", rule 3, ahead of time: once the current release's baseline hour
 * (the known-good version's hour before it was replaced) is published, read it once and keep its
 * summary on the ledger item (verify/baseline-summary.ts). Verify, on the path to the shift, then
 * reads only the minutes since the release. The hour is read exactly as Verify would read it
 * (alias level and every version served, one-period resolution), and summarised by the same code.
 */
export async function keepBaselineSummary(
  fn: string,
  alias: string,
  ledger: Release[],
  kept: Verify.BaselineSummary | undefined,
  now: string,
  budget: SummaryBudget,
  config: Config.RipcordConfig = Config.fromEnv(),
): Promise<BaselineOutcome> {
  const statistic = latencyStatistic();
  const spec = Alarms.specs(config, { prefix: alarmPrefix(), latencyStatistic: statistic }).find(
    (s) => s.function === fn && s.alias === alias,
  );
  const service = spec && Config.serviceOf(config, spec.service);
  if (!spec || !service) return "none";
  const input = {
    now,
    alarm: spec,
    policy: service.policy,
    ledger,
    signal: spec.signal,
    knownUntil: knownUntil(now, spec.signal),
    latencyStatistic: statistic,
  };
  const read = Verify.baselineRead(input);
  if (!read) return "none";
  const key = { signal: spec.signal, latencyStatistic: statistic };
  const keptInput = { ...key, ...(kept && { baselineSummaries: [kept] }) };
  if (Verify.summaryFor(keptInput, read.baseline, spec.periodSeconds * 1000)) return "current";
  if (Date.parse(read.to) > Date.parse(input.knownUntil)) return "unpublished";
  if (budget.left <= 0) return "deferred";
  budget.left--;
  const metrics = await CloudWatch.periodStats({
    fn,
    alias,
    versions: read.versions,
    from: read.from,
    to: read.to,
    signal: spec.signal,
    periodSeconds: spec.periodSeconds,
    latencyStatistic: statistic,
  });
  const summary = Verify.summarizeBaseline(input, read, metrics, key);
  return (await Store.saveBaselineSummary(fn, alias, summary)) ? "kept" : "none";
}
