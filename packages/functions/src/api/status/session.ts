import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import type { ApiTokenEntry, Principal } from "../auth.ts";

/**
 * The status page's sign-in session: a cookie naming the token it was made from and when it ends,
 * signed with HMAC-SHA256. The raw token never goes into the cookie. The key derives from the whole
 * token list, so the session needs no secret of its own, and changing the list (a token rotated or
 * removed) ends every session at once.
 */

/** Hono's "host" prefix makes it `__Host-ripcord-session`: Secure, Path=/, no Domain, so no sibling host can set or read it. */
export const SESSION_COOKIE = "ripcord-session";
export const SESSION_SECONDS = 12 * 60 * 60;

const Payload = z.strictObject({
  /** The token's name. */
  n: z.string().check(z.minLength(1), z.maxLength(40)),
  /** Expiry, epoch seconds. */
  e: z.number().check(z.int(), z.positive()),
});

function sessionKey(tokens: readonly ApiTokenEntry[]): Buffer {
  const hash = createHash("sha256").update("ripcord status session v1\n");
  for (const token of tokens)
    hash.update(JSON.stringify([token.name, token.scope, token.token])).update("\n");
  return hash.digest();
}

function sign(payload: string, tokens: readonly ApiTokenEntry[]): Buffer {
  return createHmac("sha256", sessionKey(tokens)).update(payload).digest();
}

/** The cookie's value for a token that just signed in. */
export function createSession(
  tokenName: string,
  tokens: readonly ApiTokenEntry[],
  now: Date,
): string {
  const payload = Buffer.from(
    JSON.stringify({ n: tokenName, e: Math.floor(now.getTime() / 1000) + SESSION_SECONDS }),
  ).toString("base64url");
  return `${payload}.${sign(payload, tokens).toString("base64url")}`;
}

/**
 * Who a session cookie stands for, if it is genuine, unexpired and its token is still configured.
 * Always read scope: the page only reads, and a cookie rides along with requests a page did not mean.
 */
export function verifySession(
  value: string,
  tokens: readonly ApiTokenEntry[],
  now: Date,
): Principal | undefined {
  const [payload, signature, ...rest] = value.split(".");
  if (!payload || !signature || rest.length > 0 || tokens.length === 0) return undefined;
  const expected = sign(payload, tokens);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    // A signed payload that is not JSON cannot come from createSession: treat it as no session.
    return undefined;
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success || parsed.data.e * 1000 <= now.getTime()) return undefined;
  const token = tokens.find((t) => t.name === parsed.data.n);
  return token && { actor: `api:${token.name}`, scope: "read" };
}
