import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import * as Release from "@ripcord/core/release";
import { CloudWatch, Store } from "@ripcord/core/aws";
import { NotFoundError } from "@ripcord/core/errors";
import type { ApiDeps } from "../deps.ts";

const ALARM_KINDS = ["errorRate", "latency"] as const;

export function watchedService(deps: ApiDeps, name: string): Config.ServiceConfig {
  const service = Config.serviceOf(deps.config(), name);
  if (!service)
    throw new NotFoundError(
      `service "${name}" is not watched by Ripcord; GET /services lists the services`,
    );
  return service;
}

/** Pause, freeze, cooldown and lock as they stand now (an ended pause or cooldown is left out). */
export async function serviceState(name: string, nowIso: string) {
  const state = await Store.getServiceState(name, nowIso);
  return {
    service: name,
    ...(state.pause && { paused: state.pause }),
    ...(state.frozen && { frozen: state.frozen }),
    ...(state.cooldownUntil && { cooldownUntil: state.cooldownUntil }),
    ...(state.lock && { lock: state.lock }),
  };
}

/**
 * The service state a cached alias read is valid under (alias-reads.ts): a rollback takes the lock
 * before its shift and sets the cooldown and freeze after it, so a change in any of them reads the
 * aliases again. Pauses do not move aliases.
 */
function routingStamp(state: Awaited<ReturnType<typeof serviceState>>): string {
  return JSON.stringify([
    state.lock?.owner ?? null,
    state.cooldownUntil ?? null,
    state.frozen?.rollbackId ?? null,
  ]);
}

/**
 * Where the alias sends traffic, as read at most ALIAS_READ_TTL_MS ago under the same service
 * state; an alias that is missing is reported, not fatal to the view. A watch-only function has no
 * alias ($LATEST): nothing is read for it.
 */
async function routingOf(
  deps: ApiDeps,
  fn: Config.WatchedFunctionConfig,
  watchOnly: boolean,
  stamp: string,
) {
  if (watchOnly) return { name: fn.name, alias: fn.alias };
  try {
    const alias = await deps.aliasRouting(fn.name, fn.alias, stamp);
    return {
      name: fn.name,
      alias: fn.alias,
      routing: { version: alias.version, weights: alias.weights },
    };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    return { name: fn.name, alias: fn.alias, error: error.message };
  }
}

/** The state first: it decides whether a cached alias read still serves (routingStamp). */
export async function serviceSummary(
  deps: ApiDeps,
  name: string,
  service: Config.ServiceConfig,
  nowIso: string,
) {
  const state = await serviceState(name, nowIso);
  const stamp = routingStamp(state);
  const functions = await Promise.all(
    service.functions.map((fn) => routingOf(deps, fn, service.watchOnly, stamp)),
  );
  return { ...state, signal: service.signal, functions };
}

export async function listServices(deps: ApiDeps) {
  const nowIso = deps.now().toISOString();
  const services = Object.entries(deps.config().services);
  return {
    items: await Promise.all(
      services.map(([name, service]) => serviceSummary(deps, name, service, nowIso)),
    ),
  };
}

/**
 * GET /services/:name: the summary plus each function's releases and alarm states. The releases are
 * shown as a rollback started now would see them (the alias observed, the known-good marks brought up
 * to date), without writing: the reconciler and the state machine own the ledger.
 */
export async function serviceDetail(deps: ApiDeps, name: string) {
  const service = watchedService(deps, name);
  const nowIso = deps.now().toISOString();
  const windowMinutes = service.policy.stabilityWindowMinutes;
  const alarmNames = service.functions.flatMap((fn) =>
    ALARM_KINDS.map((kind) => ({
      name: Alarms.alarmName(deps.alarmPrefix(), name, fn.name, kind),
      function: fn.name,
      kind,
    })),
  );
  const [summary, ledgers, alarmStates] = await Promise.all([
    serviceSummary(deps, name, service, nowIso),
    // A watch-only function has no ledger: Ripcord keeps no releases of $LATEST.
    Promise.all(
      service.functions.map((fn) =>
        service.watchOnly ? Promise.resolve(undefined) : Store.loadLedger(fn.name, fn.alias),
      ),
    ),
    CloudWatch.describeAlarms(alarmNames.map((alarm) => alarm.name)),
  ]);
  const functions = summary.functions.map((fn, i) => {
    const stored = ledgers[i]?.releases ?? [];
    const observed = fn.routing
      ? Release.observe(stored, fn.routing, nowIso, windowMinutes)
      : stored;
    const releases = Release.promote(observed, nowIso, windowMinutes);
    const target = Release.target(releases).target?.version;
    return { ...fn, releases, ...(target && { rollbackTarget: target }) };
  });
  const alarms = alarmNames.map((alarm) => {
    const status = alarmStates.find((found) => found.name === alarm.name);
    return status
      ? { ...alarm, ...status }
      : {
          ...alarm,
          state: "MISSING",
          reason: "no such alarm in CloudWatch: deploy Ripcord to create it",
        };
  });
  return { ...summary, functions, alarms };
}

/** GET /services/:name/gate: a deploy may proceed unless the service is frozen after a rollback. */
export async function gate(deps: ApiDeps, name: string) {
  watchedService(deps, name);
  const state = await Store.getServiceState(name);
  if (!state.frozen) return { open: true as const };
  const versions = Object.entries(state.frozen.versions)
    .map(([fn, version]) => `${fn} version ${version}`)
    .join(", ");
  return {
    open: false as const,
    detail:
      `${name} is frozen since ${state.frozen.since}: rollback ${state.frozen.rollbackId} moved it off ${versions}. ` +
      `Deploy once the fix is registered (POST /releases) or someone resumes the service (ripcord resume ${name}).`,
    frozen: state.frozen,
  };
}
