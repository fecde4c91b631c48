import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiFixture, problemOf, call, READ_TOKEN, type ApiFixture } from "./fixture.ts";

/*
 * The status pages, the report's Markdown and the OpenAPI document's conversion are import()ed on
 * first use (infra/api.ts builds the API with splitting). A chunk that fails to load must answer as
 * any defect does, through onError (500, an error id in the log), never be swallowed.
 */

const FAILURE = "the chunk could not be loaded";

async function appWithout(fx: ApiFixture, module: string): Promise<ApiFixture["app"]> {
  vi.resetModules();
  vi.doMock(module, () => {
    throw new Error(FAILURE);
  });
  const { createApp } = await import("../../../src/api/app.ts");
  return createApp(fx.deps);
}

describe("a lazily imported module that fails to load", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.doUnmock("../../../src/api/openapi-document.ts");
    vi.doUnmock("../../../src/api/routes/report-markdown.ts");
    vi.doUnmock("../../../src/api/status/pages.tsx");
  });

  it.each([
    [
      "GET /openapi.json",
      "../../../src/api/openapi-document.ts",
      "/openapi.json",
      "application/json",
    ],
    [
      "GET /rollbacks/:id/report",
      "../../../src/api/routes/report-markdown.ts",
      "/rollbacks/no-such-rollback/report",
      "text/markdown",
    ],
    ["GET / (the status page)", "../../../src/api/status/pages.tsx", "/", "text/html"],
  ])("%s answers 500 with an error id the log carries", async (_, module, path, accept) => {
    // Prepare
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const app = await appWithout(fx, module);

    // Act
    const response = await call(app, "GET", path, {
      token: READ_TOKEN,
      headers: { Accept: accept },
    });

    // Assess
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem.detail).toContain(`error id ${String(problem.errorId)}`);
    const log = logged.mock.calls.flat().join("\n");
    expect(log).toContain(String(problem.errorId));
    expect(log).toContain(FAILURE);
  });
});
