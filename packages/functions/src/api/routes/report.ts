import * as z from "zod/mini";
import { defineRoute } from "../openapi.ts";
import type { ApiDeps } from "../deps.ts";
import { router } from "../router.ts";
import { AUTH_PROBLEMS, problem, RollbackIdParam } from "../schemas.ts";
import { STATUS_PATHS } from "../status/paths.ts";

const MARKDOWN = "text/markdown; charset=utf-8";

const report = defineRoute({
  method: "get",
  path: "/{id}/report",
  tags: ["rollbacks"],
  security: [{ bearer: [] }],
  summary:
    "The rollback as a Markdown incident report: timeline, impact, the decision's numbers, follow-up checklist",
  request: { param: RollbackIdParam },
  responses: {
    200: { description: "The report", content: { "text/markdown": { schema: z.string() } } },
    400: problem("Malformed id"),
    ...AUTH_PROBLEMS,
    404: problem("No such rollback"),
  },
});

/** /rollbacks/:id/report: the incident summary to paste into a ticket or a post-mortem. */
export function reportRoutes(deps: ApiDeps) {
  return router().openapi(report, async (c) => {
    const { id } = c.req.valid("param");
    const statusPage = new URL(STATUS_PATHS.rollback(id), c.req.url).toString();
    // Imported on the first report (report-markdown.ts); a failed import rejects, and onError answers.
    const { incidentReport } = await import("./report-markdown.ts");
    const markdown = await incidentReport(deps, id, statusPage);
    return c.body(markdown, 200, { "Content-Type": MARKDOWN });
  });
}
