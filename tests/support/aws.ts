import * as Provision from "@ripcord/local/provision";
import { watchedTags } from "@ripcord/local/environment";
import { unique } from "./unique.ts";

/*
 * Resources in moto for tests, each under a unique name. They go through core's provisioning
 * adapters, the same ones the sandbox uses.
 */

let sharedRole: Promise<string> | undefined;

/** One Lambda execution role per test worker (moto's CreateFunction needs it to exist). */
export function lambdaRole(): Promise<string> {
  sharedRole ??= Provision.ensureLambdaRole(unique("ripcord-test-role"));
  return sharedRole;
}

export interface TestFunction {
  name: string;
  /** "1".."N". */
  versions: string[];
}

/**
 * A function with `versions` published versions, tagged as a guarded app's function watched by
 * the local stage (Ripcord's Lambda grants reach only those: the IAM check reads the tags).
 */
export async function lambdaFunction(versions: number, prefix = "fn"): Promise<TestFunction> {
  const name = unique(prefix);
  const published = await Provision.createFunctionWithVersions(
    name,
    await lambdaRole(),
    versions,
    watchedTags(prefix),
  );
  return { name, versions: published };
}

/** An alias on `version`, optionally weighted to other versions (AdditionalVersionWeights). */
export async function alias(
  fn: string,
  version: string,
  weights: Record<string, number> = {},
  name = "production",
): Promise<string> {
  await Provision.putAlias(fn, name, version, weights);
  return name;
}

/** A fresh Ripcord table; also sets RIPCORD_TABLE for the store. */
export async function ripcordTable(): Promise<string> {
  const name = unique("ripcord");
  await Provision.createTable(name);
  process.env.RIPCORD_TABLE = name;
  return name;
}

/** A CloudFront distribution; returns its id. */
export function distribution(): Promise<string> {
  return Provision.createDistribution(unique("dist"));
}

/** An SNS topic; returns its ARN. */
export function topic(): Promise<string> {
  return Provision.createTopic(unique("topic"));
}
