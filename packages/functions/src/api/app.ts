import { cachedAliasRouting } from "./alias-reads.ts";
import { defaultDeps, type ApiDeps } from "./deps.ts";
import { authentication, jsonBodies, limitBody } from "./middleware.ts";
import { onError, problemResponse } from "./problem.ts";
import type { OpenApiRouter } from "./openapi.ts";
import { router, type ApiEnv } from "./router.ts";
import { healthRoutes } from "./routes/health.ts";
import { killSwitchRoutes } from "./routes/kill-switch.ts";
import { releaseRoutes } from "./routes/releases.ts";
import { reportRoutes } from "./routes/report.ts";
import { rollbackRoutes } from "./routes/rollbacks.ts";
import { serviceRoutes } from "./routes/services.ts";
import { signInWhenAnonymous, statusRoutes } from "./status/routes.ts";

/**
 * The manual-control API: one Hono app, served as a Lambda function URL (api.ts) and by the local
 * sandbox with @hono/node-server. Dependencies default to the real ones; tests and the sandbox
 * replace what they must.
 */
export function createApp(overrides: Partial<ApiDeps> = {}): OpenApiRouter<ApiEnv> {
  // The alias cache is the app's: one per API process (the `app` below), a fresh one per test app.
  const deps: ApiDeps = { ...defaultDeps, aliasRouting: cachedAliasRouting(), ...overrides };
  const app = router();
  app.onError(onError);
  app.notFound((c) =>
    problemResponse(
      c,
      404,
      `there is no route ${c.req.method} ${c.req.path}; GET /openapi.json lists the routes`,
    ),
  );

  app.use("*", signInWhenAnonymous(deps), authentication(deps), limitBody, jsonBodies);

  app.route("/", healthRoutes());
  // Before the JSON routes: a browser opening /rollbacks/:id gets the status page's HTML.
  app.route("/", statusRoutes(deps));
  app.route("/rollbacks", rollbackRoutes(deps));
  app.route("/rollbacks", reportRoutes(deps));
  app.route("/services", serviceRoutes(deps));
  app.route("/", killSwitchRoutes(deps));
  app.route("/releases", releaseRoutes(deps));
  app.document("/openapi.json", {
    info: {
      title: "Ripcord",
      version: "1",
      description: "Trigger, pause and inspect rollbacks. Errors are application/problem+json.",
    },
    securitySchemes: {
      bearer: {
        type: "http",
        scheme: "bearer",
        description:
          "A named API token with read or write scope (RipcordApiTokens secret; RIPCORD_TOKEN locally)",
      },
    },
  });
  return app;
}

export const app = createApp();
