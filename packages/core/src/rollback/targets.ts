import { Lambda } from "../aws/index.ts";
import { TransientError, errorText } from "../errors/index.ts";
import type { Resolved, TargetCheck } from "../state/index.ts";

/**
 * Whether each target version can take the alias: it must be Active (a version Lambda made
 * Inactive, or one that failed, would leave the alias on a version that cannot serve). Read by
 * Verify, beside its metrics, so that the check is off the path to the shift: Shift then makes
 * one control-plane call per function, the UpdateAlias. GetFunction, not GetFunctionConfiguration:
 * its quota is its own (100/s), not the control plane's 15/s (Lambda quotas page).
 *
 * A check that failed transiently is left out, and Shift reads the version itself; any other
 * failure (the version is gone) is recorded, and Shift reports the function failed with it.
 */
export async function checkTargets(
  resolved: Resolved,
  targets: Record<string, string>,
): Promise<Record<string, TargetCheck>> {
  const checks: Record<string, TargetCheck> = {};
  await Promise.all(
    resolved.functions.map(async (fn) => {
      const version = targets[fn.name];
      if (version === undefined) return;
      try {
        const read = await Lambda.getFunctionVersion(fn.name, version);
        checks[fn.name] = { version, state: read.state };
      } catch (error) {
        if (!(error instanceof TransientError))
          checks[fn.name] = { version, error: errorText(error) };
      }
    }),
  );
  return checks;
}
