/**
 * The refusals: a function guard() cannot protect fails the deployment with what to add to its
 * `sst.aws.Function` args, not with a broken alias later.
 */
import { GuardError } from "./errors.ts";
import { SERVICE_TAG, STAGE_TAG } from "./tags.ts";

export interface FunctionFacts {
  functionName: string;
  /** `aws.lambda.Function.publish`: SST sets it from `versioning` (`createFunction`, function.ts). */
  publish: boolean | undefined;
  /** `aws.lambda.Function.version`: the published version, or `$LATEST` when none is. */
  version: string;
  tags: Record<string, string> | undefined;
}

export interface Guardable {
  functionName: string;
  version: string;
}

// Lambda's published versions are positive integers; anything else (`$LATEST`) is unpublished.
const PUBLISHED_VERSION = /^[1-9][0-9]*$/;

export function checkGuardable(service: string, facts: FunctionFacts): Guardable {
  const fixes: string[] = [];
  if (facts.publish !== true || !PUBLISHED_VERSION.test(facts.version)) {
    fixes.push(
      "add `versioning: true`: it publishes no version for the alias to point at " +
        `(publish is ${String(facts.publish)}, version is "${facts.version}")`,
    );
  }
  const tagged = facts.tags?.[SERVICE_TAG];
  const stage = facts.tags?.[STAGE_TAG];
  if (tagged !== service || !stage) {
    const found =
      tagged === undefined
        ? `it has no "${SERVICE_TAG}" tag`
        : tagged === service
          ? `it has no "${STAGE_TAG}" tag`
          : `its "${SERVICE_TAG}" tag is "${tagged}"`;
    fixes.push(
      `add \`tags: ripcordTags("${service}")\` (or spread it into the tags it has): ${found}, ` +
        "and SST sets tags only when it creates the function",
    );
  }
  if (fixes.length > 0) {
    throw new GuardError(
      `Ripcord cannot guard function "${facts.functionName}" as service "${service}". ` +
        `In its sst.aws.Function args, ${fixes.join("; and ")}.`,
    );
  }
  return { functionName: facts.functionName, version: facts.version };
}
