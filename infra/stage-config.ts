/**
 * The config a stage deploys: ripcord.config.ts, plus the demo service on non-production stages,
 * serialized for the functions, which get it bundled into their code (infra/functions.ts), not
 * in Lambda's 4 KB environment. Pure (no SST globals) so tests can run it.
 */
import {
  DEFAULT_ALIAS,
  Notifications,
  Policy,
  Thresholds,
  WATCH_ONLY_QUALIFIER,
  defineConfig,
  type ConfigInput,
  type RipcordConfig,
} from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

export const DEMO_SERVICE = "demo";
export const DEMO_ALIAS = "production";

export interface DemoService {
  functionName: string;
  /** Known once the distribution exists; absent while only the watch list is needed. */
  distributionId?: string;
}

/** Adds the demo service Ripcord watches on non-production stages. */
export function withDemo(config: RipcordConfig, demo: DemoService): RipcordConfig {
  if (Object.hasOwn(config.services, DEMO_SERVICE)) {
    throw new ConfigError(
      `ripcord.config.ts declares a service named "${DEMO_SERVICE}", which non-production stages reserve for the demo`,
    );
  }
  return defineConfig({
    ...config,
    services: {
      ...config.services,
      [DEMO_SERVICE]: {
        // The demo Hono app (infra/demo.ts) answers its failures with HTTP 500 and the invocation
        // succeeds, so Lambda's Errors never moves: only the function URL's 5xx on the alias do.
        signal: "url",
        functions: [{ name: demo.functionName, alias: DEMO_ALIAS }],
        ...(demo.distributionId
          ? { cloudfront: { distributionId: demo.distributionId, paths: ["/*"] } }
          : {}),
        // The demo should roll back the first time someone plays a bad release, not after an hour.
        policy: { stabilityWindowMinutes: 10, cooldownMinutes: 5, confirmAfterSeconds: 120 },
      },
    },
  });
}

/** Every watched function alias, across services. */
export function watchedAliases(config: RipcordConfig): { name: string; alias: string }[] {
  return Object.values(config.services).flatMap((service) =>
    service.functions.map(({ name, alias }) => ({ name, alias })),
  );
}

export function distributionIds(config: RipcordConfig): string[] {
  return Object.values(config.services).flatMap((service) =>
    service.cloudfront ? [service.cloudfront.distributionId] : [],
  );
}

type ServiceInput = ConfigInput["services"][string];

/** Drops every field equal to its schema default; defineConfig() of the result gives back `config`. */
export function compactConfig(config: RipcordConfig): ConfigInput {
  const defaults = {
    alarms: Thresholds.parse({}),
    policy: Policy.parse({}),
    notify: Notifications.parse({}),
  };
  const services: Record<string, ServiceInput> = {};
  for (const [name, service] of Object.entries(config.services)) {
    const defaultAlias = service.watchOnly ? WATCH_ONLY_QUALIFIER : DEFAULT_ALIAS;
    const compact: ServiceInput = {
      signal: service.signal,
      ...(service.watchOnly ? { watchOnly: true } : {}),
      ...(service.alias === defaultAlias ? {} : { alias: service.alias }),
      // The functions read a resolved config (core's requireFunctions): every service names them.
      functions: service.functions.map((fn) =>
        fn.alias === service.alias ? { name: fn.name } : fn,
      ),
      alarms: withoutDefaults(service.alarms, defaults.alarms),
      policy: withoutDefaults(service.policy, defaults.policy),
      notify: withoutDefaults(service.notify, defaults.notify),
    };
    if (service.cloudfront) {
      const { distributionId, paths } = service.cloudfront;
      compact.cloudfront = isDefaultPaths(paths) ? { distributionId } : { distributionId, paths };
    }
    services[name] = dropEmptySections(compact);
  }
  const compact: ConfigInput =
    config.api.auth === "token" ? { services } : { services, api: config.api };
  // Stripping defaults must never change what the functions read.
  if (JSON.stringify(defineConfig(compact)) !== JSON.stringify(config)) {
    throw new ConfigError(
      "compacting ripcord.config.ts changed its meaning; this is a bug in infra/stage-config.ts",
    );
  }
  return compact;
}

/** The config as the functions get it: JSON without defaults (fromEnv() puts them back). */
export function bundledConfigJson(config: RipcordConfig): string {
  return JSON.stringify(compactConfig(config));
}

function isDefaultPaths(paths: readonly string[]): boolean {
  return paths.length === 1 && paths[0] === "/*";
}

function withoutDefaults<T extends object>(values: T, defaults: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of Object.keys(values) as (keyof T)[]) {
    if (JSON.stringify(values[key]) !== JSON.stringify(defaults[key])) changed[key] = values[key];
  }
  return changed;
}

function dropEmptySections(service: ServiceInput): ServiceInput {
  const { alarms, policy, notify, ...rest } = service;
  return {
    ...rest,
    ...(alarms && Object.keys(alarms).length > 0 ? { alarms } : {}),
    ...(policy && Object.keys(policy).length > 0 ? { policy } : {}),
    ...(notify && Object.keys(notify).length > 0 ? { notify } : {}),
  };
}
