import { ConfigError, EnvironmentError, InputError, RipcordError } from "@ripcord/core/errors";

/** The command line is wrong (unknown option, missing value, options that do not go together). */
export class UsageError extends RipcordError {
  override name = "UsageError";
}

/** docs/design.md's exit codes: 2 for bad usage or an invalid scenario/config, 3 for a missing environment piece. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof InputError || error instanceof ConfigError)
    return 2;
  if (error instanceof EnvironmentError) return 3;
  return 1;
}
