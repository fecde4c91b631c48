import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiDeps } from "../deps.ts";
import type { ApiEnv } from "../router.ts";
import { OverviewPage } from "./components/overview-page.tsx";
import { RollbackPage } from "./components/rollback-page.tsx";
import { SignInPage, type SignInProps } from "./components/sign-in-page.tsx";
import { chartsOf, loadIncident } from "./incident.ts";
import { overview } from "./overview.ts";
import { page } from "./page.ts";

export { nextPage, signIn, signOut } from "./sign-in.tsx";

/*
 * The status page's rendering and sign-in, which status/routes.ts imports with import() on a page's
 * first request: hono/jsx, the components, the incident's metrics and core's notify charts are
 * a chunk of their own (infra/api.ts builds the API with splitting), out of the JSON routes' cold start.
 */

/** GET /: every service and the latest rollbacks. */
export async function overviewPage(c: Context<ApiEnv>, deps: ApiDeps): Promise<Response> {
  const data = await overview(deps);
  return page(c, <OverviewPage {...data} actor={c.get("principal").actor} />);
}

/** One rollback: its record, steps, impact and charts. */
export async function rollbackPage(
  c: Context<ApiEnv>,
  deps: ApiDeps,
  id: string,
): Promise<Response> {
  const loaded = await loadIncident(deps, id);
  return page(
    c,
    <RollbackPage loaded={loaded} charts={chartsOf(loaded)} actor={c.get("principal").actor} />,
  );
}

/** The sign-in form. */
export function signInPage(
  c: Context<ApiEnv>,
  props: SignInProps,
  status?: ContentfulStatusCode,
): Promise<Response> {
  return page(c, <SignInPage {...props} />, status);
}
