import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

/*
 * The API's Lambda entry replaces Node's Headers, Request and Response (src/api/fetch/install.ts)
 * so that a cold start does not load undici. Each side runs in a fresh process, as on Lambda (this
 * test's own process may have loaded undici already): the Lambda entry, and the same app behind
 * Hono's adapter with Node's classes. Both answer the same Function URL requests (every one that
 * needs no AWS: errors, bodies, a form, cookies, HTML, HEAD) and must answer them alike.
 */

const SCRIPT = fileURLToPath(new URL("support/api-entry-process.ts", import.meta.url));
const WRITE_TOKEN = "api-entry-write-token-0123456789abcdef";

interface Side {
  results: Record<string, { statusCode: number; body: string; cookies?: string[] }>;
  undiciAfterHealth: boolean;
  globals: string[];
}

async function run(mode: "light" | "native"): Promise<Side> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", SCRIPT, mode, WRITE_TOKEN],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: "",
        RIPCORD_API_TOKENS: JSON.stringify([{ name: "ci", scope: "write", token: WRITE_TOKEN }]),
        RIPCORD_CONFIG: JSON.stringify({
          services: { checkout: { signal: "lambda", functions: [{ name: "checkout-api" }] } },
        }),
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  // The last line is the script's; the handlers' own log lines come before it.
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as Side;
}

describe("the API's Lambda entry", () => {
  let light: Side;
  let native: Side;
  beforeAll(async () => {
    [light, native] = await Promise.all([run("light"), run("native")]);
  });

  it("serves its first request without loading undici", () => {
    expect(light.globals).toEqual(["LightHeaders", "LightRequest", "LightResponse"]);
    expect(light.undiciAfterHealth).toBe(false);
    expect(native.undiciAfterHealth).toBe(true);
  });

  it("answers every request as Node's own classes do", () => {
    expect(Object.keys(light.results)).toHaveLength(12);
    expect(light.results).toEqual(native.results);
  });

  it("the requests reach the paths they are meant to", () => {
    const status = Object.fromEntries(
      Object.entries(light.results).map(([name, result]) => [name, result.statusCode]),
    );
    expect(status).toEqual({
      health: 200,
      "no token": 401,
      "wrong token": 401,
      "unknown route": 404,
      "invalid JSON body": 400,
      "body of another type": 415,
      "body over 64 KiB": 413,
      "OpenAPI document": 200,
      "status page, signed out": 401,
      "sign-in form with a wrong token": 401,
      "sign-out with a cookie": 303,
      "HEAD /health": 200,
    });
    expect(light.results["sign-out with a cookie"]?.cookies?.[0]).toMatch(
      /^__Host-ripcord-session=; Max-Age=0;/,
    );
  });
});
