import { ConfigError, TransientError } from "@ripcord/core/errors";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../../src/api/app.ts";
import * as z from "zod";
import { apiFixture, bodyOf, call, problemOf, READ_TOKEN, type ApiFixture } from "./fixture.ts";

/** The parts of an OpenAPI document these tests read. */
const OpenApiDocument = z.object({
  paths: z.record(
    z.string(),
    z.record(
      z.string(),
      z.object({
        responses: z.record(
          z.string(),
          z.object({ content: z.record(z.string(), z.unknown()).optional() }),
        ),
      }),
    ),
  ),
  components: z.object({
    schemas: z.record(
      z.string(),
      z.object({
        required: z.array(z.string()).optional(),
        additionalProperties: z.boolean().optional(),
        properties: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    securitySchemes: z.record(z.string(), z.object({ type: z.string(), scheme: z.string() })),
  }),
});

describe("/openapi.json", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });

  it("documents every route with the schemas that validate its requests", async () => {
    // Act
    const response = await call(fx.app, "GET", "/openapi.json", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    // Byte for byte as committed: a schema's rewrite (classic zod to zod/mini, a lazy schema) must
    // not change the document. A deliberate API change updates the file (vitest -u).
    await expect(await response.clone().text()).toMatchFileSnapshot("__snapshots__/openapi.json");
    const doc = await bodyOf(response, OpenApiDocument);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        "/health",
        "/pause",
        "/releases",
        "/resume",
        "/rollbacks",
        "/rollbacks/{id}",
        "/rollbacks/{id}/abort",
        "/rollbacks/{id}/report",
        "/services",
        "/services/{name}",
        "/services/{name}/gate",
        "/services/{name}/pause",
        "/services/{name}/resume",
      ].sort(),
    );
    const start = doc.components.schemas.StartRollback;
    expect(start?.required).toEqual(["service", "reason"]);
    expect(start?.additionalProperties).toBe(false);
    expect(Object.keys(start?.properties ?? {})).toEqual([
      "service",
      "reason",
      "toVersion",
      "to",
      "verify",
      "dryRun",
    ]);
    expect(Object.keys(doc.paths["/rollbacks"]?.post?.responses ?? {}).sort()).toEqual([
      "202",
      "400",
      "401",
      "403",
      "404",
      "409",
      "413",
      "422",
    ]);
    expect(doc.paths["/services/{name}/gate"]?.get?.responses["423"]?.content).toHaveProperty([
      "application/problem+json",
    ]);
    expect(doc.components.securitySchemes["bearer"]).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });
});

describe("errors", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("answers an unknown route with a 404 problem", async () => {
    // Act
    const response = await call(fx.app, "GET", "/rollback", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toContain("GET /openapi.json lists the routes");
  });

  it("hides a defect's message and stack behind an error id that the log carries", async () => {
    // Prepare
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = createApp({
      ...fx.deps,
      config: () => {
        throw new Error("connect to 10.0.0.7 with password hunter2 failed");
      },
    });

    // Act
    const response = await call(app, "GET", "/services", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|10\.0\.0\.7|at .*\.ts/);
    expect(problem.detail).toContain(`error id ${String(problem.errorId)}`);
    expect(logged.mock.calls.flat().join("\n")).toContain(String(problem.errorId));
  });

  it("answers a misconfigured API with a 500 that says so", async () => {
    // Prepare
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = createApp({
      ...fx.deps,
      config: () => {
        throw new ConfigError("RIPCORD_CONFIG is not set");
      },
    });

    // Act
    const response = await call(app, "GET", "/services", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(500);
    expect((await problemOf(response)).detail).toContain("not configured correctly");
  });

  it("answers AWS throttling that outlasted the retries with 503 and Retry-After", async () => {
    // Prepare
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = createApp({
      ...fx.deps,
      now: () => {
        throw new TransientError(
          "DynamoDB Query failed after retries (ThrottlingException, HTTP 400)",
        );
      },
    });

    // Act
    const response = await call(app, "GET", "/services", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("30");
    expect((await problemOf(response)).detail).toContain("try again");
  });
});
