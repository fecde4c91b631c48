import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import {
  allows,
  authenticate,
  bearerToken,
  iamPrincipal,
  type Principal,
  type Scope,
} from "./auth.ts";
import type { ApiDeps } from "./deps.ts";
import {
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from "./problem.ts";
import type { ApiEnv } from "./router.ts";
import { SIGN_IN_PATHS } from "./status/paths.ts";
import { SESSION_COOKIE, verifySession } from "./status/session.ts";

export const MAX_BODY_BYTES = 64 * 1024;

/** Routes anyone may call: a liveness probe. */
const PUBLIC_PATHS = new Set(["/health"]);

/** Reading needs read scope; anything that changes state needs write scope. */
function requiredScope(method: string): Scope {
  return method === "GET" || method === "HEAD" ? "read" : "write";
}

/** The status page's session: only for reading, so a request a page did not mean can never change anything. */
function sessionPrincipal(
  method: string,
  cookie: string | undefined,
  deps: ApiDeps,
): Principal | undefined {
  if (!cookie || requiredScope(method) !== "read") return undefined;
  return verifySession(cookie, deps.tokens(), deps.now());
}

function tokenPrincipal(header: string | undefined, deps: ApiDeps): Principal {
  const presented = bearerToken(header);
  if (!presented)
    throw new UnauthorizedError(
      "send a bearer token: Authorization: Bearer <token> (the CLI reads it from --token or RIPCORD_TOKEN)",
    );
  const tokens = deps.tokens();
  if (tokens.length === 0) {
    throw new UnauthorizedError(
      `no API tokens are configured yet: sst secret set RipcordApiTokens '[{"name":"ci","scope":"write","token":"<32+ random characters>"}]'`,
    );
  }
  const principal = authenticate(presented, tokens);
  if (!principal)
    throw new UnauthorizedError(
      "the bearer token matches no API token; check RIPCORD_TOKEN or the RipcordApiTokens secret",
    );
  return principal;
}

/**
 * Who is calling, in the mode ripcord.config.ts chose: a named bearer token (or, for reading, the
 * status page's session cookie made from one), or (function URL with authorization "iam") the SigV4
 * caller AWS already verified. Every route but /health and the status page's sign-in needs one.
 */
export function authentication(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const iam = deps.config().api.auth === "iam";
    if (!iam && SIGN_IN_PATHS.has(c.req.path)) return next();
    let principal: Principal | undefined;
    if (iam) {
      principal = iamPrincipal(c.env?.event);
      if (!principal)
        throw new UnauthorizedError(
          "this API uses IAM authorization: sign the request with SigV4 for the function URL",
        );
    } else {
      const header = c.req.header("Authorization");
      const session =
        header === undefined
          ? sessionPrincipal(c.req.method, getCookie(c, SESSION_COOKIE, "host"), deps)
          : undefined;
      principal = session ?? tokenPrincipal(header, deps);
    }
    const required = requiredScope(c.req.method);
    if (!allows(principal.scope, required)) {
      throw new ForbiddenError(
        `${principal.actor} has ${principal.scope} scope; ${c.req.method} ${c.req.path} needs a token with ${required} scope`,
      );
    }
    c.set("principal", principal);
    return next();
  };
}

/** Bodies over 64 KiB are refused before they are read whole. */
export const limitBody: MiddlewareHandler<ApiEnv> = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new PayloadTooLargeError(MAX_BODY_BYTES);
  },
});

/** A body in any other type would be skipped by the JSON validator and read as empty: refuse it instead (the sign-in form excepted). */
export const jsonBodies: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (SIGN_IN_PATHS.has(c.req.path)) return next();
  const type = c.req.header("Content-Type") ?? "";
  const hasBody = c.req.raw.body !== null && c.req.header("Content-Length") !== "0";
  if (hasBody && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type))
    throw new UnsupportedMediaTypeError(type);
  return next();
};
