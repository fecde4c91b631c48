import * as z from "zod";
import type { ZodMiniType } from "zod/mini";
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
 * most. Path and query schemas stay built: routes take them as z.ZodObject.
 */

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z
      .string()
      .meta({ description: "What went wrong and what to do about it, for a person to read" }),
    errorId: z
      .string()
      .optional()
      .meta({ description: "Quote it to whoever reads the API's logs" }),
  })
  .meta({ id: "Problem" });

const isoTime = z.iso.datetime({ offset: true });

/** Any text up to a version's length: whether it names a real, usable version is a 422, not a 400. */
const versionText = z
  .string()
  .min(1)
  .max(20)
  .meta({ description: 'A published Lambda version such as "7"', example: "7" });
const reason = z.string().trim().min(1, "say why, for the history and the notification").max(1000);

/** Classic's .meta() for core's zod/mini schemas: a clone, registered with the metadata. */
function withMeta<T extends ZodMiniType>(schema: T, meta: z.GlobalMeta): T {
  const copy = schema.clone();
  const registered: z.core.$ZodType = copy;
  z.globalRegistry.add(registered, meta);
  return copy;
}

export const ServiceParam = z.object({ name: withMeta(serviceName, { example: "checkout" }) });
export const RollbackIdParam = z.object({
  id: z
    .string()
    .regex(new RegExp(`^${STEP_FUNCTIONS_NAME}$`), "a rollback id (the execution name)")
    .meta({ example: "manual-checkout-1764252000000-a1b2c3d4" }),
});

export const StartRollbackBody = z.lazy(() =>
  z
    .strictObject({
      service: serviceName,
      reason,
      toVersion: versionText
        .optional()
        .meta({ description: "The version to return to, for a service of one function" }),
      to: z.record(functionName, versionText).optional().meta({
        description: "function -> version; other functions return to their known-good release",
      }),
      verify: z.boolean().optional().meta({
        description:
          "Run the verification before shifting (default: the service's policy.verifyManual)",
      }),
      dryRun: z
        .boolean()
        .optional()
        .meta({ description: "Decide and record, but leave the aliases alone" }),
    })
    .refine((body) => body.toVersion === undefined || body.to === undefined, {
      message: "give toVersion or to, not both",
      path: ["to"],
    })
    .meta({ id: "StartRollback" }),
);

export const RollbackAccepted = z.lazy(() =>
  z.object({ id: z.string(), status: z.literal("running") }).meta({ id: "RollbackAccepted" }),
);

export const AbortBody = z.lazy(() =>
  z.strictObject({ reason: reason.optional() }).meta({ id: "AbortRollback" }),
);
export const AbortResult = z.lazy(() =>
  z
    .object({
      id: z.string(),
      status: z.literal("aborted"),
      actor: z.string(),
      reason: z.string().optional(),
    })
    .meta({ id: "RollbackAborted" }),
);

export const HistoryQuery = z.object({
  service: z.optional(serviceName),
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ example: 20 }),
  cursor: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .meta({ description: "The cursor of the previous page" }),
});

export const RollbackRecord = z.lazy(() =>
  withMeta(History.RollbackRecordSchema, { id: "Rollback" }),
);
export const StepRecord = z.lazy(() => withMeta(History.StepRecordSchema, { id: "Step" }));

export const RollbackPage = z.lazy(() =>
  z
    .object({
      items: z.array(RollbackRecord.unwrap()),
      cursor: z.string().optional().meta({ description: "Absent on the last page" }),
    })
    .meta({ id: "RollbackPage" }),
);

export const RollbackDetail = z.lazy(() =>
  // The record's fields and two more (core's record is zod/mini: no .extend here).
  z
    .object({
      ...RollbackRecord.unwrap().shape,
      steps: z.array(StepRecord.unwrap()),
      execution: z
        .object({ status: z.string(), error: z.string().optional(), cause: z.string().optional() })
        .optional()
        .meta({ description: "The state machine run, while the record says it is running" }),
    })
    .meta({ id: "RollbackDetail" }),
);

export const PauseBody = z.lazy(() =>
  z
    .strictObject({
      reason,
      until: isoTime.optional().meta({ description: "When the pause ends by itself (ISO time)" }),
    })
    .meta({ id: "Pause" }),
);

const pauseState = () =>
  z.object({
    reason: z.string(),
    until: isoTime.optional(),
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
  z
    .object({
      service: z.string(),
      paused: pauseState().optional(),
      frozen: freezeState().optional(),
      cooldownUntil: isoTime.optional(),
      lock: z.object({ owner: z.string(), acquiredAt: isoTime, expiresAt: isoTime }).optional(),
    })
    .meta({ id: "ServiceState" }),
);

export const KillSwitchState = z.lazy(() =>
  z.object({ paused: pauseState().optional() }).meta({ id: "KillSwitch" }),
);

const functionSummary = () =>
  z.object({
    name: z.string(),
    alias: z.string(),
    routing: z.optional(AliasRoutingSchema),
    error: z.string().optional(),
  });

/** Where the service's failures are read from (docs/design.md "Signals"). */
const signal = () =>
  z.enum(SIGNAL_SOURCES).meta({
    description:
      "Where the service's failures are read from: lambda (Lambda's own errors), url (the function URL's 5xx) or emf (@ripcord/instrument)",
  });

export const ServiceSummary = z.lazy(() =>
  ServiceState.unwrap()
    .extend({
      signal: signal(),
      functions: z.array(functionSummary()),
    })
    .meta({ id: "ServiceSummary" }),
);
export const ServiceList = z.lazy(() =>
  z.object({ items: z.array(ServiceSummary.unwrap()) }).meta({ id: "ServiceList" }),
);

export const ServiceDetail = z.lazy(() =>
  ServiceState.unwrap()
    .extend({
      signal: signal(),
      functions: z.array(
        functionSummary().extend({
          releases: z
            .array(ReleaseSchema)
            .meta({ description: "Oldest first, with known-good and known-bad marks" }),
          rollbackTarget: z
            .string()
            .optional()
            .meta({ description: "Where a rollback would return this function now" }),
        }),
      ),
      alarms: z.array(
        z.object({
          name: z.string(),
          function: z.string(),
          kind: z.string(),
          state: z.string(),
          reason: z.string().optional(),
          updatedAt: isoTime.optional(),
        }),
      ),
    })
    .meta({ id: "ServiceDetail" }),
);

export const GateOpen = z.lazy(() =>
  z.object({ service: z.string(), deploy: z.literal("allowed") }).meta({ id: "GateOpen" }),
);

export const ReleaseBody = z.lazy(() =>
  z
    .strictObject({
      function: functionName,
      version: versionText,
      gitSha: z
        .string()
        .regex(/^[0-9a-f]{7,40}$/i, "a git commit sha (7 to 40 hex digits)")
        .optional(),
      migration: z.string().min(1).max(200).optional(),
      reversible: z
        .boolean()
        .optional()
        .meta({ description: "false when the release's database migration cannot be undone" }),
    })
    .meta({ id: "RegisterRelease" }),
);

export const ReleaseRegistered = z.lazy(() =>
  z
    .object({
      function: z.string(),
      alias: z.string(),
      release: ReleaseSchema,
      unfrozen: z.boolean(),
    })
    .meta({ id: "ReleaseRegistered" }),
);

export const Health = z.lazy(() => z.object({ status: z.literal("ok") }).meta({ id: "Health" }));

/** Responses every authenticated route may give besides its own. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const AUTH_PROBLEMS = {
  401: problem("No bearer token, or one that matches no token"),
  403: problem("The token's scope does not allow this route"),
} as const;
