import { NotFoundError } from "@ripcord/core/errors";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { ApiDeps } from "../deps.ts";
import { UnauthorizedError } from "../problem.ts";
import type { ApiEnv } from "../router.ts";
import { RollbackIdParam } from "../schemas.ts";
import { isPagePath, STATUS_PATHS, wantsHtml } from "./paths.ts";
import { SESSION_COOKIE } from "./session.ts";

/**
 * The pages themselves (pages.tsx), imported on a page's first request: with the API built with
 * splitting (infra/api.ts), the JSON routes' cold start loads none of the rendering. A failed
 * import rejects the handler, and the app's onError answers.
 */
const pages = () => import("./pages.tsx");

/** With IAM authorization every caller signs with SigV4, which a browser cannot: there is no page to serve. */
function served(deps: ApiDeps): boolean {
  return deps.config().api.auth !== "iam";
}

function notServed(): never {
  throw new NotFoundError(
    `the status page is not served when the API uses IAM authorization (api.auth "iam"); read rollbacks with GET /rollbacks or the CLI`,
  );
}

/**
 * The status page: read-only HTML, server-rendered, no script. GET / is the overview; a browser
 * opening /rollbacks/:id (the link in notifications) gets the rollback's page, anything else there
 * the JSON the route has always returned. Mount before the JSON routes.
 */
export function statusRoutes(deps: ApiDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get(STATUS_PATHS.overview, async (c) => {
    if (!served(deps)) notServed();
    return (await pages()).overviewPage(c, deps);
  });
  app.get(STATUS_PATHS.signIn, async (c) => {
    if (!served(deps)) notServed();
    const { nextPage, signInPage } = await pages();
    return signInPage(c, { next: nextPage(c.req.query("next")) });
  });
  app.post(STATUS_PATHS.signIn, async (c) => {
    if (!served(deps)) notServed();
    return (await pages()).signIn(c, deps);
  });
  app.post(STATUS_PATHS.signOut, async (c) => {
    if (!served(deps)) notServed();
    return (await pages()).signOut(c);
  });
  app.get("/rollbacks/:id", async (c, next) => {
    const id = RollbackIdParam.safeParse({ id: c.req.param("id") });
    if (!served(deps) || !wantsHtml(c) || !id.success) return next();
    return (await pages()).rollbackPage(c, deps, id.data.id);
  });
  return app;
}

function isAnonymousPageVisit(c: Context<ApiEnv>): boolean {
  if (
    c.req.method !== "GET" ||
    c.req.header("Authorization") !== undefined ||
    !(c.error instanceof UnauthorizedError)
  )
    return false;
  return c.req.path === STATUS_PATHS.overview || (isPagePath(c.req.path) && wantsHtml(c));
}

/**
 * A browser that opens a page without a session gets the sign-in form instead of a 401 problem,
 * and comes back to the page once signed in. Goes before the authentication middleware: it only
 * changes the answer authentication already gave.
 */
export function signInWhenAnonymous(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    if (!isAnonymousPageVisit(c) || !served(deps)) return;
    const expired = getCookie(c, SESSION_COOKIE, "host") !== undefined;
    const error = expired
      ? "Your session has ended (after 12 hours, or when the API tokens changed): sign in again."
      : undefined;
    const form = await (await pages()).signInPage(c, { next: c.req.path, error }, 401);
    // Replace, not merge: the problem's headers (its content type among them) do not belong to the form.
    c.res = undefined;
    c.res = form;
  };
}
