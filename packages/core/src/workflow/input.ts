import * as z from "zod/mini";
import { serviceName } from "../config/schema.ts";
import { STEP_FUNCTIONS_NAME } from "../aws/step-functions-name.ts";

/** A Lambda version number as Lambda writes it: digits, no sign, no padding, never $LATEST. */
export const VersionNumber = z
  .string()
  .check(
    z.regex(
      /^[1-9][0-9]{0,9}$/,
      'a published version number such as "7" ($LATEST, signs, spaces and decimals are not versions)',
    ),
  );

/** The window the alarm evaluated, as its event tells it: Verify judges these periods (docs/design.md "The decision"). */
export const EvaluatedWindow = z.strictObject({
  /** ISO start of the most recent period the alarm evaluated. */
  lastPeriodStart: z.iso.datetime({ offset: true }),
});

export { STEP_FUNCTIONS_NAME };

/** A rollback id: the name of its execution. */
export const ExecutionName = z
  .string()
  .check(z.regex(new RegExp(`^${STEP_FUNCTIONS_NAME}$`), "a rollback id (the execution name)"));

export const AlarmTrigger = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  kind: z.enum(["errorRate", "latency"]),
  function: z.string().check(z.minLength(1), z.maxLength(64)),
  /** ISO time the alarm entered ALARM. */
  stateChangeTime: z.iso.datetime({ offset: true }),
  reason: z.optional(z.string().check(z.maxLength(1024))),
  /** Absent when the event does not say (a composite alarm): Verify takes the periods surely published. */
  window: z.optional(EvaluatedWindow),
});

export const ManualTrigger = z.strictObject({
  /** Who asked: "api:<token name>", "iam:<principal>", "cli:<user>". */
  actor: z.string().check(z.minLength(1), z.maxLength(200)),
  reason: z.string().check(z.minLength(1), z.maxLength(1000)),
  /** function -> version; functions not named return to their known-good target. */
  targets: z._default(z.record(z.string(), VersionNumber), {}),
  verify: z._default(z.boolean(), false),
});

/** What every execution of the state machine starts with: from an alarm or from the API. */
export const ExecutionInput = z
  .strictObject({
    /** The execution name, which is also the rollback id. */
    id: ExecutionName,
    service: serviceName,
    /** "Now" for every step: the alarm's state-change time (a re-check: the tick's minute), or the request time for a manual run. */
    now: z.iso.datetime({ offset: true }),
    source: z.enum(["alarm", "manual"]),
    alarm: z.optional(AlarmTrigger),
    manual: z.optional(ManualTrigger),
    dryRun: z._default(z.boolean(), false),
    /**
     * The reconciler's n-th look at an alarm that stayed in ALARM after its run held on rule 4 (the
     * window still held healthy periods): `now` is then the tick's minute, and a hold ends quietly.
     */
    recheck: z.optional(z.number().check(z.int(), z.gte(1), z.lte(60))),
  })
  .check(
    z.refine((input) => (input.source === "alarm" ? !!input.alarm : !!input.manual), {
      message: "an alarm execution carries `alarm`, a manual one carries `manual`",
    }),
  );

export type ExecutionInput = z.output<typeof ExecutionInput>;
export type AlarmTrigger = z.output<typeof AlarmTrigger>;
export type EvaluatedWindow = z.output<typeof EvaluatedWindow>;
export type ManualTrigger = z.output<typeof ManualTrigger>;
