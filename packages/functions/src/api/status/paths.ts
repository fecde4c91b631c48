import type { Context } from "hono";
import { STEP_FUNCTIONS_NAME } from "@ripcord/core/workflow";

/** A rollback's page or its report: /rollbacks/<id>[/report]. */
const ROLLBACK_PAGE = new RegExp(`^/rollbacks/${STEP_FUNCTIONS_NAME}(/report)?$`);

/** Where the status page lives. The authentication middleware lets the sign-in paths through unauthenticated (token mode only). */
export const STATUS_PATHS = {
  overview: "/",
  signIn: "/sign-in",
  signOut: "/sign-out",
  rollback: (id: string) => `/rollbacks/${encodeURIComponent(id)}`,
  report: (id: string) => `/rollbacks/${encodeURIComponent(id)}/report`,
} as const;

export const SIGN_IN_PATHS: ReadonlySet<string> = new Set([
  STATUS_PATHS.signIn,
  STATUS_PATHS.signOut,
]);

/** A page a signed-out browser may be sent back to after signing in: one of the status page's own. */
export function isPagePath(path: string): boolean {
  return path === STATUS_PATHS.overview || ROLLBACK_PAGE.test(path);
}

/** Browsers ask for HTML; the CLI and fetch() do not, and keep the JSON route behind the same URL. */
export function wantsHtml(c: Context): boolean {
  return /\btext\/html\b/i.test(c.req.header("Accept") ?? "");
}
