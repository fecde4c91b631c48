import { Store } from "@ripcord/core/aws";
import type { ApiDeps } from "../deps.ts";
import { listServices } from "../ops/services.ts";

export type ServiceView = Awaited<ReturnType<typeof listServices>>["items"][number];

const RECENT_ROLLBACKS = 15;

/** The overview: every service with its routing now, and the latest rollbacks. */
export async function overview(deps: ApiDeps) {
  const [services, rollbacks] = await Promise.all([
    listServices(deps),
    Store.listRollbacks({ limit: RECENT_ROLLBACKS }),
  ]);
  return { services: services.items, rollbacks: rollbacks.items, now: deps.now().toISOString() };
}
