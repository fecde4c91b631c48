import { defineRoute } from "../openapi.ts";
import type { ApiDeps } from "../deps.ts";
import { registerRelease } from "../ops/releases.ts";
import { router } from "../router.ts";
import { AUTH_PROBLEMS, json, problem, ReleaseBody, ReleaseRegistered } from "../schemas.ts";

const register = defineRoute({
  method: "post",
  path: "/",
  tags: ["releases"],
  security: [{ bearer: [] }],
  summary: "Register a release's metadata (CI): git sha, migration, reversible",
  request: { json: ReleaseBody },
  responses: {
    200: json(ReleaseRegistered, "Recorded in the ledger"),
    400: problem("Malformed input"),
    ...AUTH_PROBLEMS,
    404: problem("Unknown function"),
    409: problem("The version has not taken traffic yet"),
    422: problem("A version that does not exist or is $LATEST"),
  },
});

/** /releases: CI tells Ripcord about a release. */
export function releaseRoutes(deps: ApiDeps) {
  return router().openapi(register, async (c) =>
    c.json(await registerRelease(deps, c.req.valid("json")), 200),
  );
}
