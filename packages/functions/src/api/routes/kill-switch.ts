import { defineRoute } from "../openapi.ts";
import type { ApiDeps } from "../deps.ts";
import { pauseAll, resumeAll } from "../ops/pause.ts";
import { router } from "../router.ts";
import { AUTH_PROBLEMS, json, KillSwitchState, PauseBody, problem } from "../schemas.ts";

const tags = ["kill switch"];
const security = [{ bearer: [] }];

const pause = defineRoute({
  method: "post",
  path: "/pause",
  tags,
  security,
  summary: "Pause automatic rollbacks of every service",
  request: { json: PauseBody },
  responses: {
    200: json(KillSwitchState, "Every service paused"),
    400: problem("Malformed input"),
    ...AUTH_PROBLEMS,
  },
});

const resume = defineRoute({
  method: "post",
  path: "/resume",
  tags,
  security,
  summary: "Turn the kill switch off (pauses of single services stay)",
  responses: { 200: json(KillSwitchState, "The kill switch is off"), ...AUTH_PROBLEMS },
});

/** POST /pause and /resume without a service: the kill switch. */
export function killSwitchRoutes(deps: ApiDeps) {
  return router()
    .openapi(pause, async (c) =>
      c.json(
        await pauseAll(deps, { ...c.req.valid("json"), actor: c.get("principal").actor }),
        200,
      ),
    )
    .openapi(resume, async (c) => c.json(await resumeAll(), 200));
}
