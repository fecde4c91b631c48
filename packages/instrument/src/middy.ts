import type { MiddlewareObj, Request } from "@middy/core";
import { record, statusOf, type RipcordOptions } from "./core.js";

export type { RipcordOptions } from "./core.js";

/**
 * middy middleware: one EMF line per invocation. `.use()` it first, so that its `after` and
 * `onError` run last and see the response the other middlewares settled on (middy runs `after`
 * and `onError` in reverse order of `use`). In `onError`, an error no middleware turned into a
 * response (`request.response` still undefined) is
 * about to be rethrown by middy: a 5xx. An early response from a `before` skips every
 * `after` in middy, so such invocations are not counted; wrap the middy handler with
 * `withRipcord` instead to count those too.
 */
export const ripcordMiddy = <TEvent = unknown, TResult = unknown, TErr = Error>(
  options?: RipcordOptions,
): MiddlewareObj<TEvent, TResult, TErr> => {
  // Keyed by middy's per-invocation request object; deleting on record keeps it to one line even
  // when an `after` that runs later throws and middy goes on to `onError`.
  const starts = new WeakMap<object, number>();
  const finish = (request: Request<TEvent, TResult, TErr>, failed: boolean): void => {
    const start = starts.get(request);
    if (start === undefined) return;
    starts.delete(request);
    record(options, request.context, failed, start);
  };
  return {
    before: (request) => {
      starts.set(request, performance.now());
    },
    after: (request) => finish(request, statusOf(request.response) >= 500),
    onError: (request) =>
      finish(request, request.response === undefined || statusOf(request.response) >= 500),
  };
};
