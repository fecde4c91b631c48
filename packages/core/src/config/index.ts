import type * as z from "zod";
import { Config, type ConfigInput, type RipcordConfig, type ServiceConfig } from "./schema.ts";
import { ConfigError } from "../errors/index.ts";
import { bundledConfig } from "./bundled.ts";

export * from "./schema.ts";
export { BUNDLED_CONFIG_IDENTIFIER } from "./bundled.ts";
export {
  SERVICE_TAG,
  STAGE_TAG,
  functionNameOfArn,
  resolveFunctions,
  tagProblem,
  watchTags,
  type FunctionLookup,
} from "./discovery.ts";

/** Formats zod issues as "services.api.alarms.latencyMs: expected a number" lines. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `  - ${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("\n");
}

/** Validates a ripcord.config.ts object; throws ConfigError naming each bad field. */
export function defineConfig(input: ConfigInput): RipcordConfig {
  return parseConfig(input);
}

/** The same validation for a value of unknown shape (RIPCORD_CONFIG, a test's fixture). */
export function parseConfig(input: unknown): RipcordConfig {
  const parsed = Config.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      `ripcord.config.ts is invalid:\n${describeIssues(parsed.error)}\nFix the fields above and run again.`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

let cached: { raw: string; config: RipcordConfig } | undefined;

/**
 * The config (JSON) infra bundled into the function's code, or else RIPCORD_CONFIG (the sandbox,
 * the tests); parsed once per raw value.
 */
export function fromEnv(env: NodeJS.ProcessEnv = process.env): RipcordConfig {
  const raw = bundledConfig() ?? env.RIPCORD_CONFIG;
  if (!raw)
    throw new ConfigError(
      "RIPCORD_CONFIG is not set and no config was bundled: deploy with sst so infra bundles the config into the function",
    );
  if (cached?.raw === raw) return cached.config;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError("RIPCORD_CONFIG is not valid JSON", { cause });
  }
  const config = requireFunctions(parseConfig(json));
  cached = { raw, config };
  return config;
}

/**
 * The functions read a config whose every service names its functions: infra finds the ones a
 * ripcord.config.ts leaves out by tag at deploy time and bundles the names (infra/discovery.ts).
 */
export function requireFunctions(config: RipcordConfig): RipcordConfig {
  const unresolved = Object.entries(config.services)
    .filter(([, service]) => service.functions.length === 0)
    .map(([name]) => name);
  if (unresolved.length > 0)
    throw new ConfigError(
      `service(s) ${unresolved.map((name) => `"${name}"`).join(", ")} name no functions: the config a Ripcord function reads must name them (sst deploy finds them by their ripcord:service and ripcord:stage tags and bundles the names)`,
    );
  return config;
}

export function serviceOf(config: RipcordConfig, name: string): ServiceConfig | undefined {
  return Object.hasOwn(config.services, name) ? config.services[name] : undefined;
}

/** The service that watches a function, if any. */
export function serviceOfFunction(config: RipcordConfig, functionName: string): string | undefined {
  for (const [name, service] of Object.entries(config.services)) {
    if (service.functions.some((fn) => fn.name === functionName)) return name;
  }
  return undefined;
}
