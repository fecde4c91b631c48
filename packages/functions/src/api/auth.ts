import { createHash, timingSafeEqual } from "node:crypto";
import * as z from "zod/mini";
import { ApiToken, describeIssues } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

/** One named token as the RipcordApiTokens secret holds it. */
export const ApiTokenEntry = z.strictObject({
  ...ApiToken.shape,
  token: z
    .string()
    .check(z.minLength(16, "a token needs at least 16 characters"), z.maxLength(512)),
});
export type ApiTokenEntry = z.output<typeof ApiTokenEntry>;
export type Scope = ApiTokenEntry["scope"];

/** An empty list is valid (the secret's initial value): every request is then refused, saying why. */
const TokenList = z
  .array(ApiTokenEntry)
  .check(
    z.refine(
      (tokens) => new Set(tokens.map((t) => t.name)).size === tokens.length,
      "token names must be unique (they name the actor in the history)",
    ),
  );

/** Who made a request: recorded as the actor of what it starts, pauses or aborts. */
export interface Principal {
  /** "api:<token name>" or "iam:<principal ARN>". */
  actor: string;
  scope: Scope;
}

interface PreparedToken {
  name: string;
  scope: Scope;
  digest: Buffer;
}

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Parses a token list; the message names bad fields by position, never a token's value. */
export function parseTokens(raw: string, source: string): ApiTokenEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new ConfigError(
      `${source} is not valid JSON: it holds a list of { name, scope, token }`,
      { cause },
    );
  }
  const parsed = TokenList.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`${source} is invalid:\n${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  return parsed.data;
}

let cached: { raw: string; tokens: ApiTokenEntry[] } | undefined;

/** RIPCORD_API_TOKENS (infra sets it from the RipcordApiTokens secret), parsed on first use and per new value. */
export function tokensFromEnv(env: NodeJS.ProcessEnv = process.env): ApiTokenEntry[] {
  const raw = env.RIPCORD_API_TOKENS;
  if (!raw) {
    throw new ConfigError(
      `RIPCORD_API_TOKENS is not set: store the tokens with sst secret set RipcordApiTokens '[{"name":"ci","scope":"write","token":"..."}]'`,
    );
  }
  if (cached?.raw === raw) return cached.tokens;
  const tokens = parseTokens(raw, "RIPCORD_API_TOKENS");
  cached = { raw, tokens };
  return tokens;
}

const prepared = new WeakMap<readonly ApiTokenEntry[], PreparedToken[]>();

function prepare(tokens: readonly ApiTokenEntry[]): PreparedToken[] {
  let list = prepared.get(tokens);
  if (!list) {
    list = tokens.map((t) => ({ name: t.name, scope: t.scope, digest: digest(t.token) }));
    prepared.set(tokens, list);
  }
  return list;
}

/**
 * The token the presented secret matches, if any. Both sides are SHA-256 digests (equal length, so
 * timingSafeEqual applies) and every token is compared, so the time taken says nothing about which
 * token, or how much of one, matched.
 */
export function authenticate(
  presented: string,
  tokens: readonly ApiTokenEntry[],
): Principal | undefined {
  const given = digest(presented);
  let match: PreparedToken | undefined;
  for (const token of prepare(tokens)) {
    if (timingSafeEqual(given, token.digest) && !match) match = token;
  }
  return match && { actor: `api:${match.name}`, scope: match.scope };
}

/** Write scope includes read. */
export function allows(scope: Scope, required: Scope): boolean {
  return scope === "write" || required === "read";
}

/** The bearer credential of an Authorization header, if it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? "");
  return match?.[1];
}

/** What a function URL with IAM authorization passes on: the caller AWS has already verified. */
const IamEvent = z.object({
  requestContext: z.object({
    authorizer: z.object({ iam: z.object({ userArn: z.string().check(z.minLength(1)) }) }),
  }),
});

/** The SigV4 caller of a Lambda function URL event (authorization "iam"), if there is one. */
export function iamPrincipal(event: unknown): Principal | undefined {
  const parsed = IamEvent.safeParse(event);
  // IAM policy, not a token scope, decides what the caller may do: a caller AWS let through may write.
  return parsed.success
    ? { actor: `iam:${parsed.data.requestContext.authorizer.iam.userArn}`, scope: "write" }
    : undefined;
}
