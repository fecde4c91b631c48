/**
 * The tags by which Ripcord finds a service's functions at deploy time. SST takes a function's
 * tags only in its constructor (`tags` in `sst.aws.Function`'s args, passed to the
 * `aws.lambda.Function` in `createFunction`, `.sst/platform/src/components/aws/function.ts`),
 * and Pulumi has no resource that tags an existing function, so the user spreads these into the
 * constructor and guard() checks that they are there.
 */
import { GuardError } from "./errors.ts";

export const SERVICE_TAG = "ripcord:service";
export const STAGE_TAG = "ripcord:stage";

/** The stage of the Ripcord app that watches the function when none is named. */
export const DEFAULT_RIPCORD_STAGE = "production";

export interface RipcordTagsOptions {
  /**
   * The stage of the Ripcord app that watches this function (not this app's own stage).
   * @default "production"
   */
  ripcordStage?: string;
}

// A type literal, not an interface: it must fit SST's `tags: Record<string, string>`.
export type RipcordTags = {
  readonly [SERVICE_TAG]: string;
  readonly [STAGE_TAG]: string;
};

// The same rule as a service name in ripcord.config.ts, so a tag never names a service the
// watching Ripcord app could not declare.
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
// AWS tag values: at most 256 characters of letters, digits, spaces and _ . : / = + - @.
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

/** The tags a guarded function carries: `tags: ripcordTags("api")` in its constructor. */
export function ripcordTags(service: string, options: RipcordTagsOptions = {}): RipcordTags {
  assertServiceName(service);
  const ripcordStage = options.ripcordStage ?? DEFAULT_RIPCORD_STAGE;
  if (!TAG_VALUE.test(ripcordStage)) {
    throw new GuardError(
      `ripcordTags("${service}"): ripcordStage "${ripcordStage}" is not a valid tag value ` +
        "(1-256 letters, digits, spaces and _ . : / = + - @)",
    );
  }
  return { [SERVICE_TAG]: service, [STAGE_TAG]: ripcordStage };
}

export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service)) {
    throw new GuardError(
      `"${service}" is not a Ripcord service name ` +
        "(lower-case letters, digits and -, starting with a letter, at most 40 characters)",
    );
  }
}
