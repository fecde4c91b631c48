import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import * as z from "zod";
import { authenticate } from "../auth.ts";
import type { ApiDeps } from "../deps.ts";
import { ForbiddenError } from "../problem.ts";
import type { ApiEnv } from "../router.ts";
import { SignInPage } from "./components/sign-in-page.tsx";
import { page } from "./page.ts";
import { isPagePath, STATUS_PATHS } from "./paths.ts";
import { createSession, SESSION_COOKIE, SESSION_SECONDS } from "./session.ts";

const SignInForm = z.object({
  token: z
    .string()
    .trim()
    .min(1, "paste a token into the field")
    .max(512, "a token has at most 512 characters"),
  next: z.string().max(200).optional(),
});

const COOKIE = {
  prefix: "host",
  httpOnly: true,
  secure: true,
  sameSite: "Strict",
  path: "/",
} as const;

/** Where to go after signing in: one of the status page's own pages, never another site. */
export function nextPage(requested: string | undefined): string {
  return requested !== undefined && isPagePath(requested) ? requested : STATUS_PATHS.overview;
}

/**
 * Login CSRF: another site must not sign a browser in with the attacker's token. Browsers send
 * Origin with every POST; it must be this API's own.
 */
function assertSameOrigin(c: Context<ApiEnv>): void {
  const origin = c.req.header("Origin");
  const own = new URL(c.req.url).origin;
  if (origin !== own) {
    throw new ForbiddenError(
      `the sign-in form must be sent from Ripcord's own page (${own}); this request came from ${origin ?? "an unknown origin"}`,
    );
  }
}

/** POST /sign-in: a token from the form becomes a read-only session cookie; a wrong one shows the form again. */
export async function signIn(c: Context<ApiEnv>, deps: ApiDeps): Promise<Response> {
  assertSameOrigin(c);
  const form = SignInForm.safeParse(await c.req.parseBody());
  const next = nextPage(form.success ? form.data.next : undefined);
  if (!form.success)
    return page(
      c,
      <SignInPage next={next} error={form.error.issues[0]?.message ?? "the form is incomplete"} />,
      400,
    );

  const tokens = deps.tokens();
  if (tokens.length === 0) {
    const error =
      "No API tokens are configured yet: add one with sst secret set RipcordApiTokens, then sign in with it.";
    return page(c, <SignInPage next={next} error={error} />, 401);
  }
  const principal = authenticate(form.data.token, tokens);
  const entry = principal && tokens.find((token) => `api:${token.name}` === principal.actor);
  if (!entry)
    return page(
      c,
      <SignInPage
        next={next}
        error="That token matches none of Ripcord's API tokens. Check it and try again."
      />,
      401,
    );

  setCookie(c, SESSION_COOKIE, createSession(entry.name, tokens, deps.now()), {
    ...COOKIE,
    maxAge: SESSION_SECONDS,
  });
  return c.redirect(next, 303);
}

/** POST /sign-out: the cookie is cleared; the same Origin rule keeps other sites from signing people out. */
export function signOut(c: Context<ApiEnv>): Response {
  assertSameOrigin(c);
  deleteCookie(c, SESSION_COOKIE, COOKIE);
  return c.redirect(STATUS_PATHS.signIn, 303);
}
