import { randomBytes } from "node:crypto";
import { describeIssues } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import { ApiTokenEntry } from "@ripcord/functions/api/auth";

/**
 * The sandbox's token: RIPCORD_TOKEN when set, else a fresh random one the sandbox prints at start.
 * Either way it has write scope and the name "local". It is checked by the same rules as the
 * deployed API's tokens (ApiTokenEntry), which the sandbox's API then holds as its only token.
 */
export function localToken(env: NodeJS.ProcessEnv = process.env): {
  entry: ApiTokenEntry;
  generated: boolean;
} {
  const given = env.RIPCORD_TOKEN;
  if (given) {
    const parsed = ApiTokenEntry.safeParse({ name: "local", scope: "write", token: given });
    if (!parsed.success)
      throw new ConfigError(`RIPCORD_TOKEN is invalid:\n${describeIssues(parsed.error)}`, {
        cause: parsed.error,
      });
    return { entry: parsed.data, generated: false };
  }
  return {
    entry: { name: "local", scope: "write", token: randomBytes(24).toString("base64url") },
    generated: true,
  };
}

export type ApiToken = ReturnType<typeof localToken>;

/**
 * The API's token, resolved before anything starts: a bad RIPCORD_TOKEN is a ConfigError (exit 2)
 * at once, not after the whole demo has run.
 */
export function apiToken(env: NodeJS.ProcessEnv = process.env): ApiToken {
  try {
    return localToken(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(
      `${error.message}\nSet RIPCORD_TOKEN to a token of 16 to 512 characters, or unset it and ripcord local generates one.`,
      { cause: error },
    );
  }
}
