import * as Config from "../config/index.ts";
import * as Release from "../release/index.ts";
import { Lambda, Sns, Store } from "../aws/index.ts";
import { ConflictError, ReconcileError, errorText } from "../errors/index.ts";
import type { BaselineSummary } from "../verify/index.ts";
import { topicArn } from "./env.ts";
import {
  keepBaselineSummary,
  summaryBudget,
  type BaselineOutcome,
  type SummaryBudget,
} from "./baseline.ts";
import { recheck, type RecheckReport } from "./recheck.ts";

export interface AliasReport {
  service: string;
  function: string;
  alias: string;
  version: string;
  changed: boolean;
  promoted: string[];
  /** The alias serves a version Ripcord rolled back: a redeploy reset it. */
  knownBad: boolean;
  /** The summary of the current release's baseline hour (baseline.ts). */
  baseline?: BaselineOutcome;
  error?: string;
}

export interface TickReport {
  aliases: AliasReport[];
  /** Services whose aliases this tick did not read: a rollback held the service's lock. */
  yielded: string[];
  rechecks: RecheckReport[];
}

/**
 * The reconciler's tick: keep the ledgers in step with the aliases, and verify again the alarms
 * that stay in ALARM after their run held on the effect rule (recheck.ts). Neither stops the
 * other; the tick throws at the end if either failed, so the failure reaches the logs and the SST
 * Console.
 */
export async function reconcile(now: string, config = Config.fromEnv()): Promise<TickReport> {
  const [aliases, rechecks] = await Promise.allSettled([
    reconcileAliases(now, config),
    recheck(now, config),
  ]);
  if (aliases.status === "fulfilled" && rechecks.status === "fulfilled")
    return { ...aliases.value, rechecks: rechecks.value };
  const failures = [aliases, rechecks].flatMap((result): unknown[] =>
    result.status === "rejected" ? [result.reason] : [],
  );
  throw new ReconcileError(failures.map(errorText).join("; "), {
    cause: failures.length === 1 ? failures[0] : new AggregateError(failures),
  });
}

/**
 * Read every watched alias, record changes in its ledger, promote releases past the stability
 * window, and notify loudly when an alias serves a known-bad version again. One alias failing does
 * not stop the others. A service whose lock is held yields: its alias reads would spend Lambda's
 * control-plane budget (15/s per account and region) that the running rollback's Shift needs,
 * and the rollback writes the ledgers itself; the next tick reads them.
 */
async function reconcileAliases(
  now: string,
  config: Config.RipcordConfig,
): Promise<{ aliases: AliasReport[]; yielded: string[] }> {
  // A watch-only service has no alias and no ledger: nothing to read or keep for it.
  const services = await Promise.all(
    Object.entries(config.services)
      .filter(([, s]) => !s.watchOnly)
      .map(async ([service, s]) => {
        const state = await Store.getServiceState(service, now);
        // Once per service: from then on, Lock checks the daily cap in its transaction.
        if (!state.shiftCountSeeded) await Store.seedShiftCount(service, now);
        return { service, s, locked: state.lock !== undefined };
      }),
  );
  const budget = summaryBudget();
  const jobs = services
    .filter(({ locked }) => !locked)
    .flatMap(({ service, s }) =>
      s.functions.map((fn) =>
        reportOf(service, fn.name, fn.alias, now, s.policy.stabilityWindowMinutes, budget, config),
      ),
    );
  const reports = await Promise.all(jobs);
  const failed = reports.filter((r) => r.error);
  if (failed.length > 0) {
    throw new ReconcileError(
      `${failed.length} alias(es) could not be reconciled: ${failed.map((r) => `${r.function}:${r.alias} (${r.error})`).join("; ")}`,
    );
  }
  return {
    aliases: reports,
    yielded: services.filter(({ locked }) => locked).map(({ service }) => service),
  };
}

/** An alias's part of the tick as the tick reports it: its failure is its report's error, so the others go on. */
async function reportOf(
  service: string,
  fn: string,
  alias: string,
  now: string,
  window: number,
  budget: SummaryBudget,
  config: Config.RipcordConfig,
): Promise<AliasReport> {
  let reconciled: Awaited<ReturnType<typeof reconcileOne>>;
  try {
    reconciled = await reconcileOne(service, fn, alias, now, window);
  } catch (error) {
    return {
      service,
      function: fn,
      alias,
      version: "?",
      changed: false,
      promoted: [],
      knownBad: false,
      error: errorText(error),
    };
  }
  const { report, releases, baseline } = reconciled;
  try {
    const outcome = await keepBaselineSummary(fn, alias, releases, baseline, now, budget, config);
    return { ...report, baseline: outcome };
  } catch (error) {
    // The ledger is kept; the summary fails the tick (so it is seen) and the next tick reads again.
    return { ...report, error: `baseline summary: ${errorText(error)}` };
  }
}

/**
 * One alias at `now`: read where it sends traffic, record a change in its ledger (Release.observe),
 * promote what served the stability window, and warn when it serves a known-bad version again.
 * The sandbox plays a scenario's release history through this as well, one call per alias move at
 * that move's time, so the ledger it starts from is built and marked the way production builds it.
 */
export async function reconcileAlias(
  service: string,
  fn: string,
  alias: string,
  now: string,
  window: number,
): Promise<AliasReport> {
  return (await reconcileOne(service, fn, alias, now, window)).report;
}

/** reconcileAlias, with the ledger as it leaves it and the baseline summary kept on its item. */
async function reconcileOne(
  service: string,
  fn: string,
  alias: string,
  now: string,
  window: number,
): Promise<{ report: AliasReport; releases: Release.Release[]; baseline?: BaselineSummary }> {
  const base = { service, function: fn, alias };
  const [state, stored] = await Promise.all([
    Lambda.getAlias(fn, alias),
    Store.loadLedger(fn, alias),
  ]);
  const routing = { version: state.version, weights: state.weights };
  const observed = Release.observe(stored.releases, routing, now, window);
  const updated = Release.bound(Release.promote(observed, now, window));
  const changed =
    observed.length !== stored.releases.length ||
    observed.at(-1)?.takenAt !== stored.releases.at(-1)?.takenAt;
  const wasGood = new Set(
    stored.releases.filter((r) => r.knownGoodAt).map((r) => `${r.version}@${r.takenAt}`),
  );
  const promoted = updated
    .filter((r) => r.knownGoodAt && !wasGood.has(`${r.version}@${r.takenAt}`))
    .map((r) => r.version);
  const servedVersions = [routing.version, ...Object.keys(routing.weights)];
  const knownBad = servedVersions.some((v) => Release.isKnownBad(updated, v));
  // Warn before the ledger records the change: once it does, no later tick sees the redeploy as new,
  // so a warning that failed to publish would be lost for good. A failed warning fails the tick and
  // the next one tries again.
  if (knownBad && changed) await warnKnownBad(service, fn, alias, servedVersions);
  if (JSON.stringify(updated) !== JSON.stringify(stored.releases)) {
    try {
      await Store.saveLedger(fn, alias, updated, stored.rev);
    } catch (error) {
      // A rollback wrote the ledger in between: the next tick sees its result.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return {
    report: { ...base, version: routing.version, changed, promoted, knownBad },
    releases: updated,
    ...(stored.baseline && { baseline: stored.baseline }),
  };
}

async function warnKnownBad(
  service: string,
  fn: string,
  alias: string,
  versions: string[],
): Promise<void> {
  const topic = topicArn();
  if (!topic) return;
  const subject = `[${service}] ${fn}:${alias} serves a version Ripcord rolled back`;
  const text = `${subject}\n\nThe alias now serves ${versions.join(" and ")}, which Ripcord rolled back earlier: a redeploy reset it.\nThe service stays frozen (ripcord gate ${service} refuses deploys) until someone resumes it or registers a fixed release.`;
  await Sns.publish(topic, subject.slice(0, 99), text, { service, phase: "known-bad-redeploy" });
}
