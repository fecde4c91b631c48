import * as Config from "@ripcord/core/config";
import { Lambda, Sfn, Store } from "@ripcord/core/aws";
import { ConflictError, NotFoundError, RipcordError } from "@ripcord/core/errors";
import { ExecutionInput, VersionNumber } from "@ripcord/core/workflow";
import { UnprocessableError } from "../problem.ts";
import type { ApiDeps } from "../deps.ts";

export interface StartRollbackRequest {
  service: string;
  reason: string;
  toVersion?: string;
  to?: Record<string, string>;
  verify?: boolean;
  dryRun?: boolean;
  /** "api:<token name>" or "iam:<arn>". */
  actor: string;
}

/**
 * POST /rollbacks: checks what the caller named against Lambda and the lock, records the run as
 * running, and starts the same state machine an alarm starts. Functions not named return to their
 * known-good release (Resolve finds it).
 */
export async function startRollback(
  deps: ApiDeps,
  request: StartRollbackRequest,
): Promise<{ id: string }> {
  const now = deps.now();
  const nowIso = now.toISOString();
  const service = Config.serviceOf(deps.config(), request.service);
  if (!service)
    throw new NotFoundError(
      `service "${request.service}" is not watched by Ripcord; GET /services lists the services`,
    );
  if (service.watchOnly)
    throw new UnprocessableError(
      `service "${request.service}" is watch-only: its functions serve $LATEST and have no alias to move, so Ripcord notifies on its alarms but never rolls it back`,
    );

  const named = namedTargets(request, service);
  const [state] = await Promise.all([
    Store.getServiceState(request.service, nowIso),
    ...named.map(checkTarget),
  ]);
  if (state.lock) {
    const owner = state.lock.owner;
    throw new ConflictError(
      `a rollback of ${request.service} is running (${owner}, since ${state.lock.acquiredAt}): follow it with ripcord watch ${owner} or stop it with ripcord abort ${owner}`,
    );
  }

  const id = `manual-${request.service}-${now.getTime()}-${deps.nonce()}`;
  const input = ExecutionInput.parse({
    id,
    service: request.service,
    now: nowIso,
    source: "manual",
    manual: {
      actor: request.actor,
      reason: request.reason,
      targets: Object.fromEntries(named.map(({ fn, version }) => [fn.name, version])),
      verify: request.verify ?? service.policy.verifyManual,
    },
    dryRun: request.dryRun ?? false,
  });
  const stateMachineArn = deps.stateMachineArn();
  await Store.putRollback({
    id,
    service: request.service,
    source: "manual",
    actor: request.actor,
    reason: request.reason,
    status: "running",
    startedAt: nowIso,
    now: nowIso,
    executionArn: Sfn.executionArnOf(stateMachineArn, id),
  });
  try {
    await deps.startExecution(stateMachineArn, id, input);
  } catch (error) {
    const why = error instanceof RipcordError ? error.message : "the start request failed";
    await Store.updateRollback(id, {
      status: "failed",
      endedAt: nowIso,
      warnings: [`the state machine did not start: ${why}`],
    });
    if (error instanceof NotFoundError) {
      throw new RipcordError(`the rollback state machine is missing; redeploy Ripcord`, {
        cause: error,
      });
    }
    throw error;
  }
  return { id };
}

interface NamedTarget {
  fn: Config.WatchedFunctionConfig;
  version: string;
}

/** The versions the caller named, per function; unknown functions are 404, a misused toVersion 422. */
function namedTargets(request: StartRollbackRequest, service: Config.ServiceConfig): NamedTarget[] {
  const names = service.functions.map((fn) => fn.name);
  if (request.toVersion !== undefined) {
    const [only] = service.functions;
    if (!only || service.functions.length !== 1) {
      throw new UnprocessableError(
        `service ${request.service} has ${names.length} functions (${names.join(", ")}): name a version per function with "to", e.g. {"to": {"${names[0]}": "7"}}`,
      );
    }
    return [{ fn: only, version: request.toVersion }];
  }
  return Object.entries(request.to ?? {}).map(([name, version]) => {
    const fn = service.functions.find((watched) => watched.name === name);
    if (!fn)
      throw new NotFoundError(
        `function "${name}" is not part of service ${request.service} (its functions: ${names.join(", ")})`,
      );
    return { fn, version };
  });
}

/** The version must be a published version of the function, and not what the alias serves now. */
async function checkTarget({ fn: { name: fn, alias }, version }: NamedTarget): Promise<void> {
  if (!VersionNumber.safeParse(version).success) {
    throw new UnprocessableError(
      `"${version}" is not a published version of ${fn}: name a version number such as "7" (ripcord status lists the releases)`,
    );
  }
  const [exists, routing] = await Promise.all([
    // GetFunction, not GetFunctionConfiguration: the same NotFound for a missing version, from
    // GetFunction's own quota (100/s) rather than the 15/s control plane a rollback's UpdateAlias
    // calls need (Lambda quotas page, "Control plane API requests (excludes invocation,
    // GetFunction, and GetPolicy requests)"). The alias is read afresh: it decides the answer.
    Lambda.getFunctionVersion(fn, version).then(
      () => true,
      (error: unknown) => {
        if (error instanceof NotFoundError) return false;
        throw error;
      },
    ),
    Lambda.getAlias(fn, alias),
  ]);
  if (!exists) throw new UnprocessableError(`version ${version} of ${fn} does not exist`);
  // For a canary the version at fault is the weighted one; returning to the primary clears the canary.
  const current = Object.keys(routing.weights)[0] ?? routing.version;
  if (version === current) {
    throw new UnprocessableError(
      `version ${version} is what ${fn}:${alias} serves now; name an earlier release, or leave the version out to return to the last known-good one`,
    );
  }
}
