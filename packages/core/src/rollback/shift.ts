import { Lambda } from "../aws/index.ts";
import { AliasMovedError, TransientError } from "../errors/index.ts";
import type {
  FunctionPlan,
  Resolved,
  Routing,
  ShiftOutcome,
  ShiftResult,
  TargetCheck,
  VerifyResult,
} from "../state/index.ts";

const ATTEMPTS_PER_ALIAS = 3;

/**
 * Shift: every function of the service returns to its target at 100%, paced to Lambda's
 * control-plane budget by the adapter (aws/lambda-pacing.ts). Per alias: the target version must
 * be Active (Verify read it beside its metrics; GetFunction here when it could not, a quota of its
 * own), then one UpdateAlias guarded by the RevisionId
 * Resolve read: one control-plane call per function. A conflict is re-read: an alias already on
 * the target (an earlier attempt's write) is shifted, one that a newer deploy moved is left alone
 * and reported "moved".
 */
export async function shift(
  resolved: Resolved,
  verified: VerifyResult,
  clock: () => Date = () => new Date(),
): Promise<ShiftResult> {
  const plans = resolved.functions.filter((fn) => verified.targets[fn.name] !== undefined);
  const results = await Promise.all(
    plans.map((plan) =>
      shiftOne(plan, verified.targets[plan.name]!, verified.targetChecks?.[plan.name], clock),
    ),
  );
  const done = results.filter((r) => r.status === "shifted" || r.status === "already-there");
  const complete = done.length === results.length && results.length > 0;
  // A function with nowhere to return to stays as it is; the result says so rather than leaving it out.
  const untargeted = resolved.functions
    .filter((fn) => verified.targets[fn.name] === undefined)
    .map(
      (fn) =>
        `${fn.name}:${fn.alias} has no known-good release before version ${fn.current} and stays on ${describe(fn.routing)}`,
    );
  return {
    shifted: done.length > 0,
    complete,
    results,
    reason: [
      complete
        ? `every alias of ${resolved.service}${untargeted.length > 0 ? " with a known-good release" : ""} serves its target`
        : describeIncomplete(results),
      ...untargeted,
    ].join("; "),
  };
}

async function shiftOne(
  plan: FunctionPlan,
  target: string,
  verifyRead: TargetCheck | undefined,
  clock: () => Date,
): Promise<ShiftOutcome> {
  const startedAt = clock().toISOString();
  const base = {
    function: plan.name,
    alias: plan.alias,
    from: plan.routing,
    to: target,
    startedAt,
  };
  const shifted = (): ShiftOutcome => ({
    ...base,
    status: "shifted",
    updatedAt: clock().toISOString(),
  });
  if (isOn(plan.routing, target))
    return { ...base, status: "already-there", updatedAt: clock().toISOString() };
  // Verify read the target's state beside its metrics (rollback/targets.ts); without that read, Shift reads it.
  const read = verifyRead?.version === target ? verifyRead : undefined;
  if (read && "error" in read) return { ...base, status: "failed", error: read.error };
  if (read && read.state !== "Active") return inactive(base, target, read.state);
  // The write is guarded by the RevisionId Resolve read; the alias is read again only after a conflict.
  let revisionId = plan.revisionId;
  let checked = read !== undefined;
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS_PER_ALIAS; attempt++) {
    try {
      if (!checked) {
        // GetFunction, not GetFunctionConfiguration: its quota is its own, not the control plane's.
        const version = await Lambda.getFunctionVersion(plan.name, target);
        if (version.state !== "Active") return inactive(base, target, version.state);
        checked = true;
      }
      if (revisionId === undefined) {
        // A plan without the revision Resolve read: read it now, with the same checks as after a conflict.
        const now = await Lambda.getAlias(plan.name, plan.alias);
        if (isOn(now, target))
          return { ...base, status: "already-there", updatedAt: clock().toISOString() };
        if (!sameRouting(now, plan.routing)) {
          return {
            ...base,
            status: "moved",
            error: `the alias now serves ${describe(now)}, not ${describe(plan.routing)} as when Ripcord decided: a newer deploy; left alone`,
          };
        }
        revisionId = now.revisionId;
      }
      await Lambda.updateAlias({ fn: plan.name, alias: plan.alias, version: target, revisionId });
      return shifted();
    } catch (error) {
      if (error instanceof AliasMovedError) {
        // A conflict: the alias changed since Resolve read it, or the SDK retried a write whose answer
        // was lost (Lambda refuses that retry's old revision). Only the alias itself can tell.
        const after = await Lambda.getAlias(plan.name, plan.alias).catch(() => undefined);
        if (after && isOn(after, target)) return shifted();
        if (after && !sameRouting(after, plan.routing)) {
          return {
            ...base,
            status: "moved",
            error: `the alias changed since Ripcord read it (RevisionId) and now serves ${describe(after)}, not ${describe(plan.routing)} as when Ripcord decided: a newer deploy; left alone`,
          };
        }
        // Unreadable just now, or a new revision with the routing Ripcord decided on: retry with it.
        if (after) revisionId = after.revisionId;
        lastError = error;
        continue;
      }
      if (!(error instanceof TransientError)) {
        return {
          ...base,
          status: "failed",
          error: error instanceof Error ? error.message : String(error),
        };
      }
      lastError = error;
    }
  }
  return {
    ...base,
    status: "failed",
    error: `still failing after ${ATTEMPTS_PER_ALIAS} attempts: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  };
}

function inactive(
  base: Omit<ShiftOutcome, "status" | "updatedAt">,
  target: string,
  state: string,
): ShiftOutcome {
  return { ...base, status: "failed", error: `target version ${target} is ${state}, not Active` };
}

function isOn(routing: Routing, version: string): boolean {
  return routing.version === version && Object.keys(routing.weights).length === 0;
}

function sameRouting(a: Routing, b: Routing): boolean {
  const wa = Object.entries(a.weights).sort();
  const wb = Object.entries(b.weights).sort();
  return a.version === b.version && JSON.stringify(wa) === JSON.stringify(wb);
}

export function describe(routing: Routing): string {
  const weights = Object.entries(routing.weights);
  if (weights.length === 0) return `version ${routing.version}`;
  const canary = weights.map(([v, w]) => `${v} at ${Math.round(w * 100)}%`).join(", ");
  return `version ${routing.version} with ${canary}`;
}

function describeIncomplete(results: ShiftOutcome[]): string {
  if (results.length === 0) return "no function had a target to return to";
  const failed = results.filter((r) => r.status === "moved" || r.status === "failed");
  return failed
    .map(
      (r) =>
        `${r.function}:${r.alias} ${r.status === "moved" ? "moved by a newer deploy" : "failed"}: ${r.error}`,
    )
    .join("; ");
}
