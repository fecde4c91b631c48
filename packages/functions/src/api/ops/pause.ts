import { Store } from "@ripcord/core/aws";
import { InputError } from "@ripcord/core/errors";
import type { ApiDeps } from "../deps.ts";
import { serviceState, watchedService } from "./services.ts";

export interface PauseRequest {
  reason: string;
  until?: string;
  actor: string;
}

function pauseOf(deps: ApiDeps, request: PauseRequest) {
  const at = deps.now().toISOString();
  if (request.until !== undefined && Date.parse(request.until) <= Date.parse(at)) {
    throw new InputError(
      `until (${request.until}) is not in the future; leave it out to pause until someone resumes`,
    );
  }
  return {
    reason: request.reason,
    actor: request.actor,
    at,
    ...(request.until && { until: new Date(request.until).toISOString() }),
  };
}

/** While paused, alarms still notify but nothing shifts automatically; manual rollbacks still run. */
export async function pauseService(deps: ApiDeps, name: string, request: PauseRequest) {
  watchedService(deps, name);
  const pause = pauseOf(deps, request);
  await Store.setPause(name, pause);
  return serviceState(name, pause.at);
}

/** Lifts the service's own pause and its freeze after a rollback; the kill switch, if on, stays on. */
export async function resumeService(deps: ApiDeps, name: string) {
  watchedService(deps, name);
  await Promise.all([Store.clearPause(name), Store.clearFrozen(name)]);
  return serviceState(name, deps.now().toISOString());
}

/** The kill switch: pauses every service at once. */
export async function pauseAll(deps: ApiDeps, request: PauseRequest) {
  const pause = pauseOf(deps, request);
  await Store.setPause(Store.ALL_SERVICES, pause);
  return { paused: { ...pause, scope: Store.ALL_SERVICES } };
}

/** Turns the kill switch off; pauses of single services stay as they are. */
export async function resumeAll() {
  await Store.clearPause(Store.ALL_SERVICES);
  return {};
}
