import { ALIAS_READ_TTL_MS } from "../alias-reads.ts";
import { defineRoute } from "../openapi.ts";
import type { ApiDeps } from "../deps.ts";
import { pauseService, resumeService } from "../ops/pause.ts";
import { gate, listServices, serviceDetail } from "../ops/services.ts";
import { PROBLEM_CONTENT_TYPE, problemBody } from "../problem.ts";
import { router } from "../router.ts";
import {
  AUTH_PROBLEMS,
  GateOpen,
  json,
  PauseBody,
  problem,
  ServiceDetail,
  ServiceList,
  ServiceParam,
  ServiceState,
} from "../schemas.ts";

const tags = ["services"];
const ROUTING_AGE = `Alias routing is as Lambda answered at most ${ALIAS_READ_TTL_MS / 1000} s earlier, read again at once when the service's lock, cooldown or freeze changes.`;
const security = [{ bearer: [] }];

const list = defineRoute({
  method: "get",
  path: "/",
  tags,
  security,
  summary: "Every watched service: alias routing, paused, frozen, cooldown",
  description: ROUTING_AGE,
  responses: { 200: json(ServiceList, "The services"), ...AUTH_PROBLEMS },
});

const detail = defineRoute({
  method: "get",
  path: "/{name}",
  tags,
  security,
  summary:
    "One service: functions, alias routing now, releases with known-good marks, alarm states, pause, cooldown",
  description: ROUTING_AGE,
  request: { param: ServiceParam },
  responses: {
    200: json(ServiceDetail, "The service"),
    400: problem("Malformed name"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service"),
  },
});

const gateRoute = defineRoute({
  method: "get",
  path: "/{name}/gate",
  tags,
  security,
  summary: "Whether a deploy may proceed (for CI)",
  request: { param: ServiceParam },
  responses: {
    200: json(GateOpen, "A deploy may proceed"),
    400: problem("Malformed name"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service"),
    423: problem("Frozen after a rollback, until someone resumes it or registers a fixed release"),
  },
});

const pause = defineRoute({
  method: "post",
  path: "/{name}/pause",
  tags,
  security,
  summary:
    "Pause automatic rollbacks of the service (alarms still notify; manual rollbacks still run)",
  request: { param: ServiceParam, json: PauseBody },
  responses: {
    200: json(ServiceState, "Paused"),
    400: problem("Malformed input"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service"),
  },
});

const resume = defineRoute({
  method: "post",
  path: "/{name}/resume",
  tags,
  security,
  summary: "Resume automatic rollbacks and lift the freeze after a rollback",
  request: { param: ServiceParam },
  responses: {
    200: json(ServiceState, "Resumed"),
    400: problem("Malformed name"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown service"),
  },
});

/** /services: what Ripcord watches and the switches per service. */
export function serviceRoutes(deps: ApiDeps) {
  return router()
    .openapi(list, async (c) => c.json(await listServices(deps), 200))
    .openapi(detail, async (c) => c.json(await serviceDetail(deps, c.req.valid("param").name), 200))
    .openapi(gateRoute, async (c) => {
      const { name } = c.req.valid("param");
      const result = await gate(deps, name);
      if (!result.open) {
        return c.json(problemBody(423, result.detail, { frozen: result.frozen }), 423, {
          "Content-Type": PROBLEM_CONTENT_TYPE,
        });
      }
      return c.json({ service: name, deploy: "allowed" as const }, 200);
    })
    .openapi(pause, async (c) => {
      const state = await pauseService(deps, c.req.valid("param").name, {
        ...c.req.valid("json"),
        actor: c.get("principal").actor,
      });
      return c.json(state, 200);
    })
    .openapi(resume, async (c) =>
      c.json(await resumeService(deps, c.req.valid("param").name), 200),
    );
}
