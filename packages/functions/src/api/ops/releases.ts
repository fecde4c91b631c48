import * as Config from "@ripcord/core/config";
import * as Release from "@ripcord/core/release";
import { Lambda, Store } from "@ripcord/core/aws";
import { ConflictError, NotFoundError } from "@ripcord/core/errors";
import { VersionNumber } from "@ripcord/core/workflow";
import { UnprocessableError } from "../problem.ts";
import type { ApiDeps } from "../deps.ts";

export interface RegisterReleaseRequest {
  function: string;
  version: string;
  gitSha?: string;
  migration?: string;
  reversible?: boolean;
}

const LEDGER_ATTEMPTS = 3;

/**
 * POST /releases: CI attaches metadata (git sha, migration, reversible) to a release. The alias is
 * observed first, so a deploy the reconciler has not seen yet is in the ledger to annotate. A release
 * other than the one rolled back lifts the service's freeze: that is the fix CI was waiting to ship.
 */
export async function registerRelease(deps: ApiDeps, request: RegisterReleaseRequest) {
  const config = deps.config();
  const serviceName = Config.serviceOfFunction(config, request.function);
  const service = serviceName === undefined ? undefined : Config.serviceOf(config, serviceName);
  const watched = service?.functions.find((fn) => fn.name === request.function);
  if (!serviceName || !service || !watched) {
    throw new NotFoundError(
      `function "${request.function}" is not watched by Ripcord; add it to a service in ripcord.config.ts`,
    );
  }
  if (service.watchOnly) {
    throw new UnprocessableError(
      `function "${request.function}" belongs to the watch-only service "${serviceName}": it serves $LATEST, so Ripcord keeps no releases for it`,
    );
  }
  if (!VersionNumber.safeParse(request.version).success) {
    throw new UnprocessableError(
      `"${request.version}" is not a published version: register the number Lambda gave the release, such as "7"`,
    );
  }
  // GetFunction: its own quota, not the control plane's (start-rollback.ts says why).
  await Lambda.getFunctionVersion(request.function, request.version).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      throw new UnprocessableError(
        `version ${request.version} of ${request.function} does not exist`,
        { cause: error },
      );
    throw error;
  });

  const nowIso = deps.now().toISOString();
  const meta = {
    gitSha: request.gitSha,
    migration: request.migration,
    reversible: request.reversible,
  };
  const window = service.policy.stabilityWindowMinutes;
  const release = await annotateWithRetry(watched, request.version, (ledger, routing) => {
    const observed = Release.observe(ledger, routing, nowIso, window);
    if (!observed.some((entry) => entry.version === request.version)) {
      throw new ConflictError(
        `version ${request.version} of ${request.function} has not taken traffic yet (the alias serves ${routing.version}); register it once the alias points at it`,
      );
    }
    return Release.annotate(observed, request.version, meta);
  });

  const state = await Store.getServiceState(serviceName);
  const rolledBack = state.frozen?.versions[request.function];
  const fixes = state.frozen !== undefined && rolledBack !== request.version && !release.knownBadAt;
  if (fixes) await Store.clearFrozen(serviceName);
  return { function: request.function, alias: watched.alias, release, unfrozen: fixes };
}

/** Read, change, compare-and-swap; a lost race with the reconciler or a rollback reads again. */
async function annotateWithRetry(
  fn: Config.WatchedFunctionConfig,
  version: string,
  change: (ledger: Release.Ledger, routing: Release.AliasRouting) => Release.Ledger,
): Promise<Release.Release> {
  for (let attempt = 1; ; attempt++) {
    const [stored, alias] = await Promise.all([
      Store.loadLedger(fn.name, fn.alias),
      Lambda.getAlias(fn.name, fn.alias),
    ]);
    const changed = Release.bound(
      change(stored.releases, { version: alias.version, weights: alias.weights }),
    );
    try {
      await Store.saveLedger(fn.name, fn.alias, changed, stored.rev);
    } catch (error) {
      if (error instanceof ConflictError && attempt < LEDGER_ATTEMPTS) continue;
      throw error;
    }
    const release = changed.findLast((entry) => entry.version === version);
    if (!release)
      throw new NotFoundError(
        `version ${version} of ${fn.name} left the ledger while it was saved`,
      );
    return release;
  }
}
