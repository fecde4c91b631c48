import { AsyncLocalStorage } from "node:async_hooks";
import { Clients } from "@ripcord/core/aws";
import { callRecorder } from "./call-log.ts";

/*
 * On AWS each Ripcord function calls AWS with its own role. Locally every handler runs in one
 * process, so the sandbox and the tests give each invocation the identity of its role: an access
 * key named after the role (moto accepts any key), chosen per request from the handler that is
 * running. Whatever runs outside a handler (deploying, playing traffic, a test's own checks) signs
 * as the harness. The recorder (call-log.ts) then writes down every call with the key that signed
 * it, and the IAM check evaluates each call against that role's policy.
 */

/** The identity of whatever runs outside a Ripcord handler. */
export const HARNESS = "harness";

const scope = new AsyncLocalStorage<string>();

/** The role whose handler is running ("harness" outside any). */
export function currentRole(): string {
  return scope.getStore() ?? HARNESS;
}

/** The handler, run with the identity of `role` for every AWS call it makes. */
export function asRole<Args extends unknown[], Result>(
  role: string,
  handler: (...args: Args) => Result,
): (...args: Args) => Result {
  return (...args) => scope.run(role, () => handler(...args));
}

/** Runs `work` as `role` (the API's requests, which are not a Lambda handler call locally). */
export function runAs<Result>(role: string, work: () => Result): Result {
  return scope.run(role, work);
}

/**
 * Every client of this process signs with the running role's key, and, when `callLogDir` is set,
 * records each call it makes into that directory (one JSONL file per process).
 */
export function useRoleIdentities(callLogDir?: string): void {
  Clients.configureClients({
    credentials: Clients.perRequest(() =>
      Promise.resolve({ accessKeyId: currentRole(), secretAccessKey: "local" }),
    ),
    plugins: callLogDir ? [callRecorder(callLogDir)] : [],
  });
}

/**
 * The app (the API's Hono app), every request it serves run as `role`: locally the API is not a
 * Lambda invocation but an app served in-process, so the identity goes on its `fetch`, which
 * `app.request` calls too.
 */
export function servedAs<App extends { fetch(request: Request, ...rest: unknown[]): unknown }>(
  role: string,
  app: App,
): App {
  const fetch = app.fetch.bind(app);
  Object.defineProperty(app, "fetch", {
    value: (request: Request, ...rest: unknown[]) => runAs(role, () => fetch(request, ...rest)),
  });
  return app;
}
