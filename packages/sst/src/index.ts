/**
 * @ripcord/sst: what a Ripcord-guarded SST app imports in its own sst.config.ts or infra files.
 * It uses the SST platform's own `@pulumi/pulumi` and `@pulumi/aws` through the `$util` and `aws`
 * that SST gives sst.config.ts's run(), never by a value import (providers.ts): SST evaluates
 * sst.config.ts before `.sst/platform` exists, when no `@pulumi/*` can be resolved.
 */
export { guard, DEFAULT_ALIAS } from "./guard.ts";
export { ripcordTags, SERVICE_TAG, STAGE_TAG, DEFAULT_RIPCORD_STAGE } from "./tags.ts";
export type { RipcordTags, RipcordTagsOptions } from "./tags.ts";
export { GuardError } from "./errors.ts";
export type { DurationSeconds } from "./duration.ts";
export type {
  GuardArgs,
  GuardCorsArgs,
  GuardOptions,
  GuardRouterArgs,
  GuardableFunction,
  Guarded,
  RouterLike,
  RouterProtectionMode,
} from "./types.ts";
