import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ripcordHono } from "../src/hono.ts";
import { emfProblems } from "./emf.ts";
import { collect, lambdaContext, urlEvent } from "./support.ts";

/**
 * An API shaped like a real one: the instrument on the root app, the routes in a sub-app mounted
 * with app.route() that has its own onError (Hono applies a sub-app's onError to its routes).
 */
const api = (write: (line: string) => void) => {
  const orders = new Hono();
  orders.onError((error, c) => c.json({ error: error.message, handledBy: "orders" }, 500));
  orders.get("/ok", (c) => c.json({ ok: true }));
  orders.get("/fail", (c) => c.json({ error: "database unavailable" }, 500));
  orders.get("/unavailable", (c) => c.text("try later", 503));
  orders.get("/boom", () => {
    throw new Error("boom");
  });
  orders.get("/raw", () => {
    // A thrown non-Error: Hono's compose hands only Errors to onError, so this one escapes.
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw "raw failure";
  });
  const app = new Hono();
  app.use(ripcordHono({ write }));
  app.route("/orders", orders);
  return app;
};

const parsed = (line: string | undefined): unknown => {
  expect(emfProblems(line ?? "")).toEqual([]);
  return JSON.parse(line ?? "");
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("ripcordHono through hono/aws-lambda with function URL events", () => {
  it.each([
    ["/orders/ok", 200, 0],
    ["/orders/fail", 500, 1],
    ["/orders/unavailable", 503, 1],
    ["/orders/boom", 500, 1],
    ["/orders/missing", 404, 0],
  ])("GET %s: status %i, Errors5xx %i, one valid line", async (path, status, errors) => {
    const sink = collect();
    const handler = handle(api(sink.write));
    const response = await handler(urlEvent("GET", path), lambdaContext());
    expect(response.statusCode).toBe(status);
    expect(sink.lines).toHaveLength(1);
    expect(parsed(sink.lines[0])).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "Ripcord",
            Dimensions: [
              ["FunctionName", "Resource"],
              ["FunctionName", "Resource", "ExecutedVersion"],
            ],
          },
        ],
      },
      FunctionName: "acme-api",
      Resource: "acme-api:production",
      ExecutedVersion: "7",
      Requests: 1,
      Errors5xx: errors,
    });
    expect(sink.lines[0]).not.toContain(path);
  });

  it("sees the sub-app's onError response for a thrown Error", async () => {
    const sink = collect();
    const response = await handle(api(sink.write))(
      urlEvent("GET", "/orders/boom"),
      lambdaContext(),
    );
    expect(JSON.parse(response.body)).toEqual({ error: "boom", handledBy: "orders" });
    expect(parsed(sink.lines[0])).toMatchObject({ Errors5xx: 1 });
  });

  it("counts what escapes next() and rethrows it unchanged", async () => {
    const sink = collect();
    const handler = handle(api(sink.write));
    await expect(handler(urlEvent("GET", "/orders/raw"), lambdaContext())).rejects.toBe(
      "raw failure",
    );
    expect(sink.lines).toHaveLength(1);
    expect(parsed(sink.lines[0])).toMatchObject({ Requests: 1, Errors5xx: 1 });
  });

  it("works off Lambda too (app.request, no context): names from the environment", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "acme-api");
    vi.stubEnv("AWS_LAMBDA_FUNCTION_VERSION", "8");
    const sink = collect();
    const response = await api(sink.write).request("/orders/fail");
    expect(response.status).toBe(500);
    expect(parsed(sink.lines[0])).toMatchObject({
      Resource: "acme-api:$LATEST",
      ExecutedVersion: "8",
      Errors5xx: 1,
    });
  });
});
