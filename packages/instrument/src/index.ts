import { record, statusOf, type RipcordOptions } from "./core.js";

export type { RipcordOptions } from "./core.js";

/**
 * Wraps a Lambda handler: one EMF line per invocation. A throw or rejection counts as a 5xx and is
 * rethrown unchanged; a result's `statusCode` decides otherwise (none means 200).
 */
export function withRipcord<TEvent, TResult, TContext>(
  handler: (event: TEvent, context: TContext) => TResult | Promise<TResult>,
  options?: RipcordOptions,
): (event: TEvent, context: TContext) => Promise<Awaited<TResult>>;
/**
 * A handler typed with `aws-lambda`'s `Handler` (which declares a callback and a `void` result).
 * The handler is awaited and never given a callback: callback-style handlers are not supported.
 */
export function withRipcord<TEvent, TResult, TContext>(
  handler: (event: TEvent, context: TContext, callback: never) => void | Promise<TResult>,
  options?: RipcordOptions,
): (event: TEvent, context: TContext) => Promise<TResult | undefined>;
export function withRipcord<TEvent, TContext>(
  handler: (event: TEvent, context: TContext, ...callback: never[]) => unknown,
  options?: RipcordOptions,
): (event: TEvent, context: TContext) => Promise<unknown> {
  return async (event, context) => {
    const start = performance.now();
    let result: unknown;
    try {
      result = await handler(event, context);
    } catch (error) {
      record(options, context, true, start);
      throw error;
    }
    record(options, context, statusOf(result) >= 500, start);
    return result;
  };
}
