/**
 * A service's functions, found by their tags at deploy time (docs/design.md "Guarding an SST
 * app"): SST names a function `<app>-<stage>-<Name>-<random>`, so nobody should copy that name
 * into ripcord.config.ts. The look-ups are infra's (infra/discovery.ts, through the Pulumi AWS
 * provider); what they must find, and what is said when they do not, is here.
 */
import { ConfigError } from "../errors/index.ts";
import { parseConfig } from "./index.ts";
import type { RipcordConfig } from "./schema.ts";

/** The tags a watched function carries (packages/sst's ripcordTags() sets both). */
export const SERVICE_TAG = "ripcord:service";
export const STAGE_TAG = "ripcord:stage";

export interface FunctionLookup {
  /** The names of the Lambda functions tagged with every one of `tags`. */
  tagged(tags: Record<string, string>): Promise<string[]>;
  /** A function's tags; rejects when the function does not exist. */
  tagsOf(functionName: string): Promise<Record<string, string>>;
}

/** The tags of a function `service` watches for the Ripcord stage `stage`. */
export function watchTags(service: string, stage: string): Record<string, string> {
  return { [SERVICE_TAG]: service, [STAGE_TAG]: stage };
}

/**
 * The config with every service's functions named: a service that names none gets the functions
 * tagged for it (sorted, so a deploy declares the same alarms in the same order), on its alias;
 * a named function must carry the same tags (Ripcord's IAM grants reach only functions tagged with
 * its stage). Every problem is collected, so one failed deploy names them all.
 */
export async function resolveFunctions(
  config: RipcordConfig,
  stage: string,
  lookup: FunctionLookup,
): Promise<RipcordConfig> {
  const problems: string[] = [];
  const services = await Promise.all(
    Object.entries(config.services).map(async ([name, service]) => {
      const expected = watchTags(name, stage);
      if (service.functions.length > 0) {
        const tags = await Promise.all(
          service.functions.map((fn) => tagsOf(lookup, fn.name, name)),
        );
        service.functions.forEach((fn, i) => {
          const problem = tagProblem(fn.name, name, expected, tags[i] ?? {});
          if (problem) problems.push(problem);
        });
        return [name, service] as const;
      }
      const found = [...new Set(await lookup.tagged(expected))].sort();
      if (found.length === 0) problems.push(noneFound(name, expected));
      const functions = found.map((fnName) => ({ name: fnName, alias: service.alias }));
      return [name, { ...service, functions }] as const;
    }),
  );
  if (problems.length > 0)
    throw new ConfigError(
      `ripcord.config.ts cannot be deployed to stage "${stage}":\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  // Parsed again: a function found for two services is refused as if it were named twice.
  return parseConfig({ ...config, services: Object.fromEntries(services) });
}

async function tagsOf(
  lookup: FunctionLookup,
  functionName: string,
  service: string,
): Promise<Record<string, string>> {
  try {
    return await lookup.tagsOf(functionName);
  } catch (cause) {
    throw new ConfigError(
      `function "${functionName}" of service "${service}" could not be read (does it exist in this account and region?)`,
      { cause },
    );
  }
}

/** What a named function lacks, naming the function, its service and each tag; undefined when tagged. */
export function tagProblem(
  functionName: string,
  service: string,
  expected: Record<string, string>,
  actual: Record<string, string>,
): string | undefined {
  const wrong = Object.entries(expected).flatMap(([key, value]) => {
    const has = actual[key];
    if (has === value) return [];
    return [
      has === undefined ? `it has no "${key}" tag` : `its "${key}" tag is "${has}", not "${value}"`,
    ];
  });
  if (wrong.length === 0) return undefined;
  return `function "${functionName}" of service "${service}": ${wrong.join("; ")}. Tag it ${tagText(expected)} (ripcordTags("${service}") from @ripcord/sst in its constructor; SST sets tags only when it creates a function)`;
}

function noneFound(service: string, expected: Record<string, string>): string {
  return `service "${service}" names no functions and no Lambda function is tagged ${tagText(expected)}: tag its functions (ripcordTags("${service}") from @ripcord/sst) and deploy them first, or name them in ripcord.config.ts`;
}

function tagText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([key, value]) => `${key}=${value}`)
    .join(" and ");
}

/**
 * A Lambda function's name from its ARN (`arn:<partition>:lambda:<region>:<account>:function:<name>`,
 * with `:<qualifier>` when qualified), as the Resource Groups Tagging API returns it.
 */
export function functionNameOfArn(arn: string): string {
  const parts = arn.split(":");
  const name = parts[6];
  if (parts[2] !== "lambda" || parts[5] !== "function" || !name)
    throw new ConfigError(`"${arn}" is not a Lambda function ARN`);
  return name;
}
