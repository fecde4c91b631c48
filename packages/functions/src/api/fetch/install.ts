import { LightHeaders } from "./headers.ts";
import { saveNative } from "./native.ts";
import { LightRequest } from "./request.ts";
import { LightResponse } from "./response.ts";

/*
 * Imported first by the API's Lambda entry (a side effect, listed in this package's sideEffects):
 * Headers, Request and Response become the classes of this folder before Hono builds any.
 *
 * Why: Node's own are undici's, which Node loads on first access; Hono's Lambda adapter touches
 * them on every request, so the API's first invocation paid that load: 45 ms in a fresh Node 20 or
 * 22 process on the bench's machine, and about a third of the API's cold start over its baseline
 * (bench/coldstart). The AWS SDK treated the same load as a cold-start regression on Lambda and
 * removed it (aws/aws-sdk-js-v3#6144: a `new Request()` at import cost about 50 ms). Hono's own Node
 * server replaces these globals with lighter classes for its speed too (@hono/node-server,
 * overrideGlobalObjects). `fetch` stays Node's: what it returns is Node's Response.
 */
for (const [name, replacement] of [
  ["Headers", LightHeaders],
  ["Request", LightRequest],
  ["Response", LightResponse],
] as const) {
  saveNative(name);
  Object.defineProperty(globalThis, name, {
    value: replacement,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
