import { defineRoute } from "../openapi.ts";
import type { ApiDeps } from "../deps.ts";
import { abortRollback, rollbackDetail, rollbackHistory } from "../ops/rollbacks.ts";
import { startRollback } from "../ops/start-rollback.ts";
import { router } from "../router.ts";
import {
  AbortBody,
  AbortResult,
  AUTH_PROBLEMS,
  HistoryQuery,
  json,
  problem,
  RollbackAccepted,
  RollbackDetail,
  RollbackIdParam,
  RollbackPage,
  StartRollbackBody,
} from "../schemas.ts";

const tags = ["rollbacks"];
const security = [{ bearer: [] }];

const start = defineRoute({
  method: "post",
  path: "/",
  tags,
  security,
  summary: "Start a rollback",
  description:
    "Starts the same state machine an alarm starts, with the caller recorded as the actor.",
  request: { json: StartRollbackBody },
  responses: {
    202: {
      ...json(RollbackAccepted, "Started; follow it at the Location"),
      headers: { Location: { schema: { type: "string" } } },
    },
    400: problem("Malformed input"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service or function"),
    409: problem("A rollback of the service is running"),
    413: problem("The body is over 64 KiB"),
    422: problem("A version that does not exist, is $LATEST, or is the current one"),
  },
});

const list = defineRoute({
  method: "get",
  path: "/",
  tags,
  security,
  summary: "Rollback history, newest first",
  request: { query: HistoryQuery },
  responses: {
    200: json(RollbackPage, "One page"),
    400: problem("Bad limit or cursor"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service"),
  },
});

const detail = defineRoute({
  method: "get",
  path: "/{id}",
  tags,
  security,
  summary:
    "One rollback: status, each step with its timing and result, the decision with its numbers",
  request: { param: RollbackIdParam },
  responses: {
    200: json(RollbackDetail, "The rollback"),
    400: problem("Malformed id"),
    ...AUTH_PROBLEMS,
    404: problem("No such rollback"),
  },
});

const abort = defineRoute({
  method: "post",
  path: "/{id}/abort",
  tags,
  security,
  summary: "Stop a running rollback and release the service lock",
  request: { param: RollbackIdParam, json: AbortBody },
  responses: {
    200: json(AbortResult, "Stopped"),
    400: problem("Malformed input"),
    ...AUTH_PROBLEMS,
    404: problem("No such rollback"),
    409: problem("The rollback already ended"),
  },
});

/** /rollbacks: start, list, read and abort rollbacks. */
export function rollbackRoutes(deps: ApiDeps) {
  return router()
    .openapi(start, async (c) => {
      const { id } = await startRollback(deps, {
        ...c.req.valid("json"),
        actor: c.get("principal").actor,
      });
      return c.json({ id, status: "running" as const }, 202, { Location: `/rollbacks/${id}` });
    })
    .openapi(list, async (c) => {
      const page = await rollbackHistory(deps, c.req.valid("query"));
      return c.json(page, 200);
    })
    .openapi(detail, async (c) => c.json(await rollbackDetail(deps, c.req.valid("param").id), 200))
    .openapi(abort, async (c) => {
      const { id } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return c.json(await abortRollback(deps, id, c.get("principal").actor, reason), 200);
    });
}
