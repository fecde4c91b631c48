import * as Config from "../config/index.ts";
import * as Release from "../release/index.ts";
import { Lambda, Store } from "../aws/index.ts";
import { NotFoundError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import type { FunctionPlan, Resolved } from "../state/index.ts";

/**
 * Resolve: which functions, where their aliases point, where each would return to. Every read runs
 * in parallel: this is on the path to the shift. The guards (pause, cooldown, daily cap) are Lock's,
 * checked in the transaction that takes the lock.
 */
export async function resolve(input: ExecutionInput, config = Config.fromEnv()): Promise<Resolved> {
  const service = Config.serviceOf(config, input.service);
  if (!service) throw new NotFoundError(`service "${input.service}" is not in ripcord.config.ts`);
  const functions = await Promise.all(
    service.functions.map((fn) =>
      planFunction(fn.name, fn.alias, input.now, service.policy.stabilityWindowMinutes),
    ),
  );
  return {
    service: input.service,
    functions,
    ...(service.cloudfront && { cloudfront: service.cloudfront }),
    confirmAfterSeconds: service.policy.confirmAfterSeconds,
    dryRun: input.dryRun || service.policy.dryRun,
  };
}

/** Reads the alias and its ledger; records what the reconciler has not seen yet (or bootstraps the ledger). */
async function planFunction(
  name: string,
  alias: string,
  now: string,
  windowMinutes: number,
): Promise<FunctionPlan> {
  const [aliasState, stored] = await Promise.all([
    Lambda.getAlias(name, alias),
    Store.loadLedger(name, alias),
  ]);
  const routing = { version: aliasState.version, weights: aliasState.weights };
  const ledger = Release.promote(
    Release.observe(stored.releases, routing, now, windowMinutes),
    now,
    windowMinutes,
  );
  const { current, target, irreversible } = Release.target(ledger);
  const canaryVersion = Object.keys(routing.weights)[0];
  return {
    name,
    alias,
    routing,
    revisionId: aliasState.revisionId,
    current: current?.version ?? canaryVersion ?? routing.version,
    ...(target && { target: target.version }),
    targetReason: target
      ? `version ${target.version} is the last known-good release (since ${target.knownGoodAt})`
      : "no known-good release before the current one",
    irreversible: irreversible.map((release) => release.version),
    ledger,
    ...(stored.baseline && { baseline: stored.baseline }),
  };
}
