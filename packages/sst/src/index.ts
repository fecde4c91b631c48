/**
 * @ripcord/sst: what a Ripcord-guarded SST app imports in its own sst.config.ts or infra files.
 * It uses the SST platform's own `@pulumi/pulumi` and `@pulumi/aws` (peer dependencies): SST
 * bundles sst.config.ts with `@pulumi/*` external and runs it from `.sst/platform`.
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
