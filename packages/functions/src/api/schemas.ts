import * as z from "zod/mini";
import { AliasRoutingSchema, ReleaseSchema } from "@ripcord/core/release";
import { functionName, serviceName } from "@ripcord/core/config";
import { SIGNAL_SOURCES } from "@ripcord/core/signals";
import * as History from "@ripcord/core/history";
import { STEP_FUNCTIONS_NAME } from "@ripcord/core/workflow";

/**
 * Request and response shapes. Requests are validated with these very schemas, and /openapi.json is
 * generated from them, so the document cannot drift from what the API accepts.
 *
 * Response and body schemas are z.lazy: each is built on its first use (a request it validates,
 * the OpenAPI document, a test), not when the Lambda imports the app. Building a zod schema is most
 * of what importing the app costs, and a cold start that answers one route uses a few of them at
 * most. Path and query schemas stay built: routes take them as objects.
 *
 * zod/mini, as core's schemas: classic zod's first instance of each class installs dozens of
 * methods on the class's prototype, a cost every cold start paid. `withMeta` is classic's .meta():
 * a clone, registered in zod's global registry with the metadata /openapi.json shows.
 */

function withMeta<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  const copy = schema.clone();
  const registered: z.core.$ZodType = copy;
  z.globalRegistry.add(registered, meta);
  return copy;
}

/** A lazy schema's schema, built again as classic's .unwrap() does (each use its own instance). */
function unwrap<T extends z.core.$ZodType>(schema: z.ZodMiniLazy<T>): T {
  return schema._zod.def.getter();
}

export const Problem = withMeta(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: withMeta(z.string(), {
      description: "What went wrong and what to do about it, for a person to read",
    }),
    errorId: withMeta(z.optional(z.string()), {
      description: "Quote it to whoever reads the API's logs",
    }),
  }),
  { id: "Problem" },
);

const isoTime = z.iso.datetime({ offset: true });

/** Any text up to a version's length: whether it names a real, usable version is a 422, not a 400. */
const versionText = withMeta(z.string().check(z.minLength(1), z.maxLength(20)), {
  description: 'A published Lambda version such as "7"',
  example: "7",
});
const reason = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "say why, for the history and the notification"),
    z.maxLength(1000),
  );

export const ServiceParam = z.object({ name: withMeta(serviceName, { example: "checkout" }) });
export const RollbackIdParam = z.object({
  id: withMeta(
    z
      .string()
      .check(z.regex(new RegExp(`^${STEP_FUNCTIONS_NAME}$`), "a rollback id (the execution name)")),
    { example: "manual-checkout-1764252000000-a1b2c3d4" },
  ),
});

export const StartRollbackBody = z.lazy(() =>
  withMeta(
    z
      .strictObject({
        service: serviceName,
        reason,
        toVersion: withMeta(z.optional(versionText), {
          description: "The version to return to, for a service of one function",
        }),
        to: withMeta(z.optional(z.record(functionName, versionText)), {
          description: "function -> version; other functions return to their known-good release",
        }),
        verify: withMeta(z.optional(z.boolean()), {
          description:
            "Run the verification before shifting (default: the service's policy.verifyManual)",
        }),
        dryRun: withMeta(z.optional(z.boolean()), {
          description: "Decide and record, but leave the aliases alone",
        }),
      })
      .check(
        z.refine((body) => body.toVersion === undefined || body.to === undefined, {
          message: "give toVersion or to, not both",
          path: ["to"],
        }),
      ),
    { id: "StartRollback" },
  ),
);

export const RollbackAccepted = z.lazy(() =>
  withMeta(z.object({ id: z.string(), status: z.literal("running") }), {
    id: "RollbackAccepted",
  }),
);

export const AbortBody = z.lazy(() =>
  withMeta(z.strictObject({ reason: z.optional(reason) }), { id: "AbortRollback" }),
);
export const AbortResult = z.lazy(() =>
  withMeta(
    z.object({
      id: z.string(),
      status: z.literal("aborted"),
      actor: z.string(),
      reason: z.optional(z.string()),
    }),
    { id: "RollbackAborted" },
  ),
);

export const HistoryQuery = z.object({
  service: z.optional(serviceName),
  limit: withMeta(z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20), {
    example: 20,
  }),
  cursor: withMeta(z.optional(z.string().check(z.minLength(1), z.maxLength(2000))), {
    description: "The cursor of the previous page",
  }),
});

export const RollbackRecord = z.lazy(() =>
  withMeta(History.RollbackRecordSchema, { id: "Rollback" }),
);
export const StepRecord = z.lazy(() => withMeta(History.StepRecordSchema, { id: "Step" }));

export const RollbackPage = z.lazy(() =>
  withMeta(
    z.object({
      items: z.array(unwrap(RollbackRecord)),
      cursor: withMeta(z.optional(z.string()), { description: "Absent on the last page" }),
    }),
    { id: "RollbackPage" },
  ),
);

export const RollbackDetail = z.lazy(() =>
  withMeta(
    z.extend(unwrap(RollbackRecord), {
      steps: z.array(unwrap(StepRecord)),
      execution: withMeta(
        z.optional(
          z.object({
            status: z.string(),
            error: z.optional(z.string()),
            cause: z.optional(z.string()),
          }),
        ),
        { description: "The state machine run, while the record says it is running" },
      ),
    }),
    { id: "RollbackDetail" },
  ),
);

export const PauseBody = z.lazy(() =>
  withMeta(
    z.strictObject({
      reason,
      until: withMeta(z.optional(isoTime), {
        description: "When the pause ends by itself (ISO time)",
      }),
    }),
    { id: "Pause" },
  ),
);

const pauseState = () =>
  z.object({
    reason: z.string(),
    until: z.optional(isoTime),
    actor: z.string(),
    at: isoTime,
    scope: z.string(),
  });
const freezeState = () =>
  z.object({
    versions: z.record(z.string(), z.string()),
    rollbackId: z.string(),
    since: isoTime,
  });

export const ServiceState = z.lazy(() =>
  withMeta(
    z.object({
      service: z.string(),
      paused: z.optional(pauseState()),
      frozen: z.optional(freezeState()),
      cooldownUntil: z.optional(isoTime),
      lock: z.optional(z.object({ owner: z.string(), acquiredAt: isoTime, expiresAt: isoTime })),
    }),
    { id: "ServiceState" },
  ),
);

export const KillSwitchState = z.lazy(() =>
  withMeta(z.object({ paused: z.optional(pauseState()) }), { id: "KillSwitch" }),
);

const functionSummary = () =>
  z.object({
    name: z.string(),
    alias: z.string(),
    routing: z.optional(AliasRoutingSchema),
    error: z.optional(z.string()),
  });

/** Where the service's failures are read from (docs/design.md "Signals"). */
const signal = () =>
  withMeta(z.enum(SIGNAL_SOURCES), {
    description:
      "Where the service's failures are read from: lambda (Lambda's own errors), url (the function URL's 5xx) or emf (@ripcord/instrument)",
  });

export const ServiceSummary = z.lazy(() =>
  withMeta(
    z.extend(unwrap(ServiceState), {
      signal: signal(),
      functions: z.array(functionSummary()),
    }),
    { id: "ServiceSummary" },
  ),
);
export const ServiceList = z.lazy(() =>
  withMeta(z.object({ items: z.array(unwrap(ServiceSummary)) }), { id: "ServiceList" }),
);

export const ServiceDetail = z.lazy(() =>
  withMeta(
    z.extend(unwrap(ServiceState), {
      signal: signal(),
      functions: z.array(
        z.extend(functionSummary(), {
          releases: withMeta(z.array(ReleaseSchema), {
            description: "Oldest first, with known-good and known-bad marks",
          }),
          rollbackTarget: withMeta(z.optional(z.string()), {
            description: "Where a rollback would return this function now",
          }),
        }),
      ),
      alarms: z.array(
        z.object({
          name: z.string(),
          function: z.string(),
          kind: z.string(),
          state: z.string(),
          reason: z.optional(z.string()),
          updatedAt: z.optional(isoTime),
        }),
      ),
    }),
    { id: "ServiceDetail" },
  ),
);

export const GateOpen = z.lazy(() =>
  withMeta(z.object({ service: z.string(), deploy: z.literal("allowed") }), { id: "GateOpen" }),
);

export const ReleaseBody = z.lazy(() =>
  withMeta(
    z.strictObject({
      function: functionName,
      version: versionText,
      gitSha: z.optional(
        z.string().check(z.regex(/^[0-9a-f]{7,40}$/i, "a git commit sha (7 to 40 hex digits)")),
      ),
      migration: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
      reversible: withMeta(z.optional(z.boolean()), {
        description: "false when the release's database migration cannot be undone",
      }),
    }),
    { id: "RegisterRelease" },
  ),
);

export const ReleaseRegistered = z.lazy(() =>
  withMeta(
    z.object({
      function: z.string(),
      alias: z.string(),
      release: ReleaseSchema,
      unfrozen: z.boolean(),
    }),
    { id: "ReleaseRegistered" },
  ),
);

export const Health = z.lazy(() =>
  withMeta(z.object({ status: z.literal("ok") }), { id: "Health" }),
);

/** Responses every authenticated route may give besides its own. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
export const json = <T extends z.ZodMiniType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const AUTH_PROBLEMS = {
  401: problem("No bearer token, or one that matches no token"),
  403: problem("The token's scope does not allow this route"),
} as const;
