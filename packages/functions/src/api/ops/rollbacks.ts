import { Sfn, Store } from "@ripcord/core/aws";
import { ConflictError, NotFoundError } from "@ripcord/core/errors";
import type * as History from "@ripcord/core/history";
import type { ApiDeps } from "../deps.ts";

type Detail = History.RollbackRecord & {
  steps: History.StepRecord[];
  execution?: { status: string; error?: string; cause?: string };
};

function executionArnOf(deps: ApiDeps, record: History.RollbackRecord): string {
  return record.executionArn ?? Sfn.executionArnOf(deps.stateMachineArn(), record.id);
}

/**
 * GET /rollbacks/:id: the record and its steps. While the record says running, the execution's own
 * status comes along, so a caller sees a run that died before it could record its end.
 */
export async function rollbackDetail(deps: ApiDeps, id: string): Promise<Detail> {
  const { record, steps } = await Store.getRollback(id);
  if (record.status !== "running") return { ...record, steps };
  try {
    const execution = await deps.describeExecution(executionArnOf(deps, record));
    return {
      ...record,
      steps,
      execution: {
        status: execution.status,
        ...(execution.error && { error: execution.error }),
        ...(execution.cause && { cause: execution.cause }),
      },
    };
  } catch (error) {
    // The API writes the record just before StartExecution: in between, there is no execution yet.
    if (error instanceof NotFoundError) return { ...record, steps };
    throw error;
  }
}

/**
 * POST /rollbacks/:id/abort: stops the execution, records who and why as an "Abort" step, marks
 * the run aborted and releases the service lock the run held. Aliases it already shifted stay shifted.
 */
export async function abortRollback(
  deps: ApiDeps,
  id: string,
  actor: string,
  reason: string | undefined,
) {
  const nowIso = deps.now().toISOString();
  const { record } = await Store.getRollback(id);
  if (record.status !== "running")
    throw new ConflictError(
      `rollback ${id} already ended (${record.status}); there is nothing to abort`,
    );
  const executionArn = executionArnOf(deps, record);
  const execution = await deps.describeExecution(executionArn);
  if (execution.status !== "RUNNING") {
    throw new ConflictError(
      `rollback ${id} already ended (its execution is ${execution.status}); there is nothing to abort`,
    );
  }
  await deps.stopExecution(executionArn, {
    error: "Aborted",
    cause: `aborted by ${actor}${reason ? `: ${reason}` : ""}`,
  });
  await Promise.all([
    Store.appendStep(id, {
      name: "Abort",
      status: "ok",
      startedAt: nowIso,
      endedAt: nowIso,
      durationMs: 0,
      detail: { actor, ...(reason && { reason }) },
    }),
    Store.updateRollback(id, { status: "aborted", endedAt: nowIso }),
    releaseLockOf(record.service, id),
  ]);
  return { id, status: "aborted" as const, actor, ...(reason && { reason }) };
}

async function releaseLockOf(service: string, id: string): Promise<void> {
  try {
    await Store.releaseLock(service, id);
  } catch (error) {
    // Another run holds the lock (this one was refused at Lock, or never got there): that lock is not ours to release.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** GET /rollbacks: newest first, `cursor` from the previous page. */
export async function rollbackHistory(
  deps: ApiDeps,
  query: { service?: string; limit: number; cursor?: string },
) {
  if (query.service !== undefined && !Object.hasOwn(deps.config().services, query.service)) {
    throw new NotFoundError(
      `service "${query.service}" is not watched by Ripcord; GET /services lists the services`,
    );
  }
  return Store.listRollbacks(query);
}
