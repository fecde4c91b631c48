/**
 * AWS's size limits on what infra renders, checked at deploy time (a clear message instead of an
 * AWS error half-way through a deploy) and by tests/infra/limits.test.ts at 200 watched
 * functions. Pure: no SST globals.
 */
import { ConfigError } from "@ripcord/core/errors";
import { policyDocument, type Statement } from "./permissions.ts";

/**
 * IAM quota "Role policy size": a role's inline policies together, at most 10,240 characters,
 * whitespace not counted (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
 */
export const ROLE_POLICY_MAX_CHARS = 10_240;

/**
 * Room kept for what SST itself adds to a function's inline policy: under `sst dev`, a statement
 * for AppSync and one for its asset bucket (`normalizeRole` in SST's function.ts), about 250
 * characters with a long bucket name.
 */
export const SST_POLICY_MARGIN_CHARS = 512;

/**
 * Lambda quota "Function environment variables": 4 KB, all variables together
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/**
 * Room kept for the variables SST adds to every function: SST_RESOURCE_App, SST_KEY,
 * SST_KEY_FILE, and under `sst dev` a few more (`normalizeEnvironment` in SST's function.ts).
 */
export const SST_ENVIRONMENT_MARGIN_BYTES = 1024;

/** A policy's size as IAM counts it: its JSON without whitespace. */
export function policyChars(statements: readonly Statement[]): number {
  return policyDocument(statements).replace(/\s/g, "").length;
}

/** The statements, or a ConfigError when the role's policy would pass IAM's limit. */
export function fittingPolicy(role: string, statements: Statement[]): Statement[] {
  const size = policyChars(statements);
  if (size > ROLE_POLICY_MAX_CHARS - SST_POLICY_MARGIN_CHARS) {
    throw new ConfigError(
      `the IAM policy of Ripcord's ${role} function is ${size} characters, over the ` +
        `${ROLE_POLICY_MAX_CHARS - SST_POLICY_MARGIN_CHARS} Ripcord keeps below IAM's ${ROLE_POLICY_MAX_CHARS} ` +
        `(CloudFront distributions are named one by one): split the services across Ripcord stages`,
    );
  }
  return statements;
}

/** Every key and value of the environment, in UTF-8 bytes. */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  return Object.entries(environment).reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
}

/** The environment, or a ConfigError when it would not fit Lambda's 4 KB with SST's own variables. */
export function fittingEnvironment(
  fn: string,
  environment: Record<string, string>,
): Record<string, string> {
  const bytes = environmentBytes(environment);
  if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES - SST_ENVIRONMENT_MARGIN_BYTES) {
    throw new ConfigError(
      `the environment of Ripcord's ${fn} function is ${bytes} bytes, over the ` +
        `${LAMBDA_ENVIRONMENT_MAX_BYTES - SST_ENVIRONMENT_MARGIN_BYTES} Ripcord keeps below Lambda's 4 KB: ` +
        `shorten the secrets (RipcordApiTokens holds every token)`,
    );
  }
  return environment;
}
