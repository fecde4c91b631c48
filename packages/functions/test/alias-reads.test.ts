import { describe, expect, it } from "vitest";
import type { Lambda } from "@ripcord/core/aws";
import { NotFoundError, RipcordError } from "@ripcord/core/errors";
import { ALIAS_READ_TTL_MS, cachedAliasRouting } from "../src/api/alias-reads.ts";

/*
 * What the views' alias cache keeps and what it drops. The reads it saves are counted against
 * moto in tests/reliability/api-reads.test.ts; here the answers are scripted to reach the
 * failure paths moto does not give on demand.
 */

const ALIAS: Lambda.AliasState = { version: "3", weights: {}, revisionId: "r1" };

function scripted(answers: Array<() => Promise<Lambda.AliasState>>) {
  const calls: string[] = [];
  const read = (fn: string, alias: string): Promise<Lambda.AliasState> => {
    calls.push(`${fn}:${alias}`);
    const next = answers.shift();
    if (!next) throw new Error("more reads than the test scripted");
    return next();
  };
  return { read, calls };
}

describe("cachedAliasRouting", () => {
  it("drops a failed read at once, so the next request reads again", async () => {
    // Prepare
    const { read, calls } = scripted([
      () => Promise.reject(new RipcordError("Lambda GetAlias failed: throttled")),
      () => Promise.resolve(ALIAS),
    ]);
    const routing = cachedAliasRouting({ read, now: () => 0 });

    // Act
    const first = await routing("api", "production", "s").catch((error: unknown) => error);
    const second = await routing("api", "production", "s");

    // Assess
    expect(first).toBeInstanceOf(RipcordError);
    expect(second).toEqual(ALIAS);
    expect(calls).toEqual(["api:production", "api:production"]);
  });

  it("keeps a missing alias as an answer until the bound", async () => {
    // Prepare
    const clock = { ms: 0 };
    const { read, calls } = scripted([
      () => Promise.reject(new NotFoundError("alias api:production does not exist")),
      () => Promise.resolve(ALIAS),
    ]);
    const routing = cachedAliasRouting({ read, now: () => clock.ms });

    // Act
    const missing = await routing("api", "production", "s").catch((error: unknown) => error);
    const again = await routing("api", "production", "s").catch((error: unknown) => error);
    clock.ms = ALIAS_READ_TTL_MS;
    const later = await routing("api", "production", "s");

    // Assess
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(again).toBe(missing);
    expect(later).toEqual(ALIAS);
    expect(calls).toHaveLength(2);
  });

  it("reads again under another service state, and keeps aliases of different names apart", async () => {
    // Prepare
    const { read, calls } = scripted(Array.from({ length: 3 }, () => () => Promise.resolve(ALIAS)));
    const routing = cachedAliasRouting({ read, now: () => 0 });

    // Act
    await routing("api", "production", "unlocked");
    await routing("api", "production", "unlocked");
    await routing("api", "production", "locked by exec-1");
    await routing("api:production", "", "locked by exec-1");

    // Assess
    expect(calls).toEqual(["api:production", "api:production", "api:production:"]);
  });
});
