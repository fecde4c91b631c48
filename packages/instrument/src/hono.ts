import type { MiddlewareHandler } from "hono";
import { member, record, type RipcordOptions } from "./core.js";

export type { RipcordOptions } from "./core.js";

/**
 * Hono middleware: one EMF line per request. Register it first (`app.use(ripcordHono())`).
 * Hono's compose turns an Error thrown by a handler into the response of the nearest `onError`
 * (a sub-app's own, or the app's default 500), so `c.res.status` after `next()` is what the client
 * gets. Anything that still escapes `next()` (a thrown non-Error) is counted and rethrown.
 * The Lambda context is where `hono/aws-lambda`'s `handle()` puts it: `c.env.lambdaContext`.
 */
export const ripcordHono =
  (options?: RipcordOptions): MiddlewareHandler =>
  async (c, next) => {
    const start = performance.now();
    const context = member(c.env, "lambdaContext");
    try {
      await next();
    } catch (error) {
      record(options, context, true, start);
      throw error;
    }
    record(options, context, c.res.status >= 500, start);
  };
