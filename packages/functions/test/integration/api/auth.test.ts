import { ConfigError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/api/app.ts";
import { authenticate, tokensFromEnv } from "../../../src/api/auth.ts";
import * as Schemas from "../../../src/api/schemas.ts";
import {
  apiFixture,
  bodyOf,
  call,
  problemOf,
  READ_TOKEN,
  TOKENS,
  WRITE_TOKEN,
  type ApiFixture,
} from "./fixture.ts";

/** Every route but /health, with the scope it needs. */
const ROUTES = [
  ["GET", "/openapi.json", "read"],
  ["GET", "/services", "read"],
  ["GET", "/services/checkout", "read"],
  ["GET", "/services/checkout/gate", "read"],
  ["GET", "/rollbacks", "read"],
  ["GET", "/rollbacks/manual-x-1-ab", "read"],
  ["POST", "/rollbacks", "write"],
  ["POST", "/rollbacks/manual-x-1-ab/abort", "write"],
  ["POST", "/services/checkout/pause", "write"],
  ["POST", "/services/checkout/resume", "write"],
  ["POST", "/pause", "write"],
  ["POST", "/resume", "write"],
  ["POST", "/releases", "write"],
] as const;

describe("authentication on every route", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });

  it("serves /health without a token", async () => {
    // Act
    const response = await call(fx.app, "GET", "/health");

    // Assess
    expect(response.status).toBe(200);
    expect(await bodyOf(response, Schemas.Health)).toEqual({ status: "ok" });
  });

  it.each(ROUTES)("%s %s: 401 without a token, asking for a bearer token", async (method, path) => {
    // Act
    const response = await call(fx.app, method, path, { body: method === "POST" ? {} : undefined });

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await problemOf(response)).detail).toContain("Authorization: Bearer");
  });

  it.each(ROUTES)("%s %s: 401 with a token that matches none", async (method, path) => {
    // Act
    const response = await call(fx.app, method, path, {
      token: `${WRITE_TOKEN}x`,
      body: method === "POST" ? {} : undefined,
    });

    // Assess
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toContain("matches no API token");
  });

  it.each(ROUTES.filter(([, , scope]) => scope === "write"))(
    "%s %s: 403 with a read token",
    async (method, path) => {
      // Act
      const response = await call(fx.app, method, path, { token: READ_TOKEN, body: {} });

      // Assess
      expect(response.status).toBe(403);
      expect((await problemOf(response)).detail).toBe(
        `api:dashboard has read scope; ${method} ${path} needs a token with write scope`,
      );
    },
  );

  it.each(ROUTES.filter(([, , scope]) => scope === "read"))(
    "%s %s: a read token gets past authentication",
    async (method, path) => {
      // Act
      const response = await call(fx.app, method, path, { token: READ_TOKEN });

      // Assess
      expect([401, 403]).not.toContain(response.status);
    },
  );

  it("refuses every token, saying how to add one, while the token list is empty", async () => {
    // Prepare
    const app = createApp({
      ...fx.deps,
      tokens: () => tokensFromEnv({ RIPCORD_API_TOKENS: "[]" }),
    });

    // Act
    const response = await call(app, "GET", "/services", { token: WRITE_TOKEN });

    // Assess
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toContain("sst secret set RipcordApiTokens");
  });

  it("does not take a token outside the Bearer scheme", async () => {
    // Act
    const response = await call(fx.app, "GET", "/services", {
      headers: { Authorization: `Basic ${WRITE_TOKEN}` },
    });

    // Assess
    expect(response.status).toBe(401);
  });

  it("with IAM authorization, takes the caller AWS verified and records its ARN as the actor", async () => {
    // Prepare
    const iam = createApp({ ...fx.deps, config: () => ({ ...fx.config, api: { auth: "iam" } }) });
    const event = {
      requestContext: { authorizer: { iam: { userArn: "arn:aws:iam::123456789012:user/ops" } } },
    };

    // Act
    const signed = await iam.request(
      "/services/checkout/pause",
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reason: "deploy freeze" }),
      },
      { event },
    );
    const unsigned = await iam.request("/services", {
      headers: { Authorization: `Bearer ${WRITE_TOKEN}` },
    });

    // Assess
    expect(signed.status).toBe(200);
    expect((await bodyOf(signed, Schemas.ServiceState)).paused?.actor).toBe(
      "iam:arn:aws:iam::123456789012:user/ops",
    );
    expect(unsigned.status).toBe(401);
    expect((await problemOf(unsigned)).detail).toContain("SigV4");
  });
});

describe("tokens", () => {
  it("matches the presented token to its name and scope, and nothing else", () => {
    // Act
    const write = authenticate(WRITE_TOKEN, TOKENS);
    const read = authenticate(READ_TOKEN, TOKENS);
    const prefix = authenticate(WRITE_TOKEN.slice(0, -1), TOKENS);

    // Assess
    expect(write).toEqual({ actor: "api:ci", scope: "write" });
    expect(read).toEqual({ actor: "api:dashboard", scope: "read" });
    expect(prefix).toBeUndefined();
  });

  it("parses RIPCORD_API_TOKENS from the secret's JSON", () => {
    // Act
    const tokens = tokensFromEnv({ RIPCORD_API_TOKENS: JSON.stringify(TOKENS) });

    // Assess
    expect(tokens).toEqual(TOKENS);
  });

  it.each([
    ["unset", undefined, "RIPCORD_API_TOKENS is not set"],
    ["not JSON", "ci:abc", "not valid JSON"],
    [
      "a short token",
      JSON.stringify([{ name: "ci", scope: "write", token: "short" }]),
      "at least 16 characters",
    ],
    [
      "an unknown scope",
      JSON.stringify([{ name: "ci", scope: "admin", token: WRITE_TOKEN }]),
      "scope",
    ],
    ["a name twice", JSON.stringify([TOKENS[0], { ...TOKENS[1], name: "ci" }]), "unique"],
  ])("refuses RIPCORD_API_TOKENS that is %s, without echoing a token", (_case, raw, says) => {
    // Act
    const parse = () => tokensFromEnv({ RIPCORD_API_TOKENS: raw });

    // Assess
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(says);
    expect(parse).not.toThrow(WRITE_TOKEN);
  });
});
