import { describe, expect, it } from "vitest";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import { LambdaHost, pickVersion, type HandlerFactory } from "../src/lambda-host.ts";
import { seeded } from "../src/requests.ts";

/*
 * The sandbox playing Lambda in front of an alias: which version a request reaches, what the
 * handler is handed, and what a failed invocation looks like from outside.
 */

interface Seen {
  version: string;
  event: LambdaEvent;
  context: LambdaContext;
}

/** Handlers that record what they were handed; /throw rejects, /teapot answers 500 itself. */
function recording(seen: Seen[]): HandlerFactory {
  return (version, write) => (event, context) => {
    seen.push({ version, event, context });
    write(`{"version":"${version}"}`);
    if ("rawPath" in event && event.rawPath === "/throw")
      return Promise.reject(new Error("the handler failed"));
    return Promise.resolve({
      statusCode: "rawPath" in event && event.rawPath === "/teapot" ? 500 : 200,
    });
  };
}

describe("the sandbox's Lambda host", () => {
  it("honours the alias's weights: about 30% to the additional version", async () => {
    // Prepare
    const seen: Seen[] = [];
    const host = new LambdaHost("shop", "production", recording(seen), seeded(1));

    // Act
    for (let i = 0; i < 2000; i++)
      await host.serve({ atMs: 0, path: "/" }, { version: "2", weights: { "3": 0.3 } }, () => 10);

    // Assess
    const share = seen.filter((s) => s.version === "3").length / seen.length;
    expect(share).toBeGreaterThan(0.27);
    expect(share).toBeLessThan(0.33);
  });

  it("hands the handler a function URL event and the context of an invocation through the alias", async () => {
    // Prepare
    const seen: Seen[] = [];
    const host = new LambdaHost("shop", "production", recording(seen), seeded(2));
    const atMs = Date.parse("2026-11-29T19:03:58.000Z");

    // Act
    const served = await host.serve(
      { atMs, path: "/orders/7" },
      { version: "4", weights: {} },
      () => 120,
    );

    // Assess
    const [first] = seen;
    expect(served).toMatchObject({ version: "4", status: 200, threw: false, latencyMs: 120 });
    expect(served.emf).toEqual(['{"version":"4"}']);
    expect(first?.context.functionVersion).toBe("4");
    expect(first?.context.invokedFunctionArn).toMatch(/:function:shop:production$/);
    expect(first?.event).toMatchObject({
      version: "2.0",
      rawPath: "/orders/7",
      requestContext: {
        http: { method: "GET" },
        timeEpoch: atMs,
        time: "29/Nov/2026:19:03:58 +0000",
      },
    });
  });

  it("tells a failed invocation (Lambda's Errors, a 502 at the URL) from a 500 the app answered", async () => {
    // Prepare
    const host = new LambdaHost("shop", "production", recording([]), seeded(3));
    const routing = { version: "1", weights: {} };

    // Act
    const thrown = await host.serve({ atMs: 0, path: "/throw" }, routing, () => 5);
    const answered = await host.serve({ atMs: 0, path: "/teapot" }, routing, () => 5);

    // Assess
    expect(thrown).toMatchObject({ status: 502, threw: true, error: "the handler failed" });
    expect(answered).toMatchObject({ status: 500, threw: false });
    expect(answered.error).toBeUndefined();
  });

  it("sends every request to the alias's version when it has no weights", () => {
    // Act
    const picks = [0, 0.5, 0.999].map((draw) => pickVersion({ version: "9", weights: {} }, draw));

    // Assess
    expect(picks).toEqual(["9", "9", "9"]);
  });
});
