import { Hono } from "hono";
import { ripcordHono } from "@ripcord/instrument/hono";
import type { RipcordOptions } from "@ripcord/instrument/hono";

/**
 * The demo API: a Hono app shaped like a real one, with sub-apps that each answer their own errors
 * through `onError`. That is the point of it: a failing route answers HTTP 500 and the invocation
 * still succeeds, so Lambda's `Errors` metric never moves; only the function URL's 5xx count and
 * the instrument's `Errors5xx` see it.
 *
 * Release 3 ships a bug in the orders sub-app: about 9% of order lookups throw, and the sub-app's
 * `onError` turns each into a 500. Releases 1 and 2 fail a fraction of a percent (a flaky
 * downstream), like any production service.
 */
export interface DemoAppOptions {
  /** Which release this code is: Lambda versions snapshot the environment, so each keeps its own. */
  release: string;
  /** Uniform [0, 1): the sandbox passes a seeded one so every run plays the same requests. */
  random?: () => number;
  /** Passed to the instrument (the sandbox collects the EMF lines with `write`). */
  instrument?: RipcordOptions;
}

/** Share of order lookups that fail, per release; the healthy releases still fail a little. */
export const FAILURE_RATE: Readonly<Record<string, number>> = { "1": 0.004, "2": 0.003, "3": 0.09 };
const DEFAULT_FAILURE_RATE = 0.003;

export function createApp(options: DemoAppOptions): Hono {
  const random = options.random ?? Math.random;
  const failureRate = FAILURE_RATE[options.release] ?? DEFAULT_FAILURE_RATE;

  const orders = new Hono();
  orders.onError((error, c) => {
    console.error(JSON.stringify({ level: "error", route: "orders", message: error.message }));
    return c.json({ error: "internal error", release: options.release }, 500);
  });
  orders.get("/:id", (c) => {
    if (random() < failureRate) {
      throw new Error(`order ${c.req.param("id")}: pricing service answered an unexpected shape`);
    }
    return c.json({ id: c.req.param("id"), status: "shipped", release: options.release });
  });

  const health = new Hono();
  health.get("/", (c) => c.json({ ok: true, release: options.release }));

  const app = new Hono();
  app.use(ripcordHono(options.instrument));
  app.route("/orders", orders);
  app.route("/health", health);
  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((error, c) => {
    console.error(JSON.stringify({ level: "error", message: error.message }));
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
