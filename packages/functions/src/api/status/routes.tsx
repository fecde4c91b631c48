import { NotFoundError } from "@ripcord/core/errors";
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { ApiDeps } from "../deps.ts";
import { UnauthorizedError } from "../problem.ts";
import type { ApiEnv } from "../router.ts";
import { RollbackIdParam } from "../schemas.ts";
import { OverviewPage } from "./components/overview-page.tsx";
import { RollbackPage } from "./components/rollback-page.tsx";
import { SignInPage } from "./components/sign-in-page.tsx";
import { chartsOf, loadIncident } from "./incident.ts";
import { overview } from "./overview.ts";
import { page, wantsHtml } from "./page.ts";
import { isPagePath, STATUS_PATHS } from "./paths.ts";
import { SESSION_COOKIE } from "./session.ts";
import { nextPage, signIn, signOut } from "./sign-in.tsx";

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
    const data = await overview(deps);
    return page(c, <OverviewPage {...data} actor={c.get("principal").actor} />);
  });
  app.get(STATUS_PATHS.signIn, (c) => {
    if (!served(deps)) notServed();
    return page(c, <SignInPage next={nextPage(c.req.query("next"))} />);
  });
  app.post(STATUS_PATHS.signIn, (c) => {
    if (!served(deps)) notServed();
    return signIn(c, deps);
  });
  app.post(STATUS_PATHS.signOut, (c) => {
    if (!served(deps)) notServed();
    return signOut(c);
  });
  app.get("/rollbacks/:id", async (c, next) => {
    const id = RollbackIdParam.safeParse({ id: c.req.param("id") });
    if (!served(deps) || !wantsHtml(c) || !id.success) return next();
    const loaded = await loadIncident(deps, id.data.id);
    return page(
      c,
      <RollbackPage loaded={loaded} charts={chartsOf(loaded)} actor={c.get("principal").actor} />,
    );
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
    const form = await page(c, <SignInPage next={c.req.path} error={error} />, 401);
    // Replace, not merge: the problem's headers (its content type among them) do not belong to the form.
    c.res = undefined;
    c.res = form;
  };
}
