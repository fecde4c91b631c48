import * as z from "zod/mini";
import { globalConfig } from "zod/v4/core";
import en from "zod/v4/locales/en.js";
import { SIGNAL_SOURCES, SOURCES, describeSources } from "../signals/index.ts";

/*
 * zod/mini, not classic zod: every Lambda handler parses this config (fromEnv) and builds these
 * ~150 schemas at import, and a classic schema's first instance of each class installs dozens of
 * methods on that class's prototype (zod/v4/classic/schemas.js, ZodType's members); mini builds
 * the same core schemas (same defs, same parse, same messages) without them. Nothing here is
 * classic; the API annotates these for its OpenAPI document on registered clones (api/schemas.ts,
 * withMeta) and spreads ApiToken's shape into its token entry (api/auth.ts).
 *
 * Mini sets no locale of its own (classic sets English on its first schema): without it, a config
 * checked before any classic schema was built would report "Invalid input" instead of the rule.
 */
if (!globalConfig.localeError) z.config(en());

/** Lambda function names: letters, digits, hyphens, underscores, 1-64 chars. */
export const functionName = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_-]{1,64}$/,
      "a Lambda function name (letters, digits, - and _, at most 64 characters)",
    ),
  );
export const aliasName = z
  .string()
  .check(
    z.regex(
      /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/,
      "a Lambda alias name (letters, digits, - and _, not only digits)",
    ),
  );
export const serviceName = z
  .string()
  .check(
    z.regex(
      /^[a-z][a-z0-9-]{0,39}$/,
      "a service name (lower-case letters, digits and -, starting with a letter, at most 40 characters)",
    ),
  );

/** The alias Ripcord moves when a service names none. */
export const DEFAULT_ALIAS = "production";
/**
 * What a watch-only function is read on: it has no alias, so its metrics are published under
 * Resource `<FunctionName>:$LATEST` (AWS/Lambda's form for an unqualified invocation or URL).
 */
export const WATCH_ONLY_QUALIFIER = "$LATEST";

/**
 * An alias name, or `$LATEST` for a watch-only service (the only place it is allowed; Service
 * below says so). Parsed outputs hold one or the other, so an output parses again unchanged.
 */
const qualifier = z
  .string()
  .check(
    z.refine(
      (value) => value === WATCH_ONLY_QUALIFIER || aliasName.safeParse(value).success,
      "a Lambda alias name (letters, digits, - and _, not only digits)",
    ),
  );

export const WatchedFunction = z.strictObject({
  name: functionName,
  /** Defaults to the service's alias. */
  alias: z.optional(qualifier),
});

/** PutMetricAlarm's valid periods: "10, 20, 30, and any multiple of 60". */
const periodSeconds = z.number().check(
  z.int(),
  z.positive(),
  z.refine(
    (p) => p === 10 || p === 20 || p === 30 || p % 60 === 0,
    "10, 20, 30 or a multiple of 60 seconds (the periods PutMetricAlarm accepts)",
  ),
);

/** A number with checks, defaulted: classic's `z.number().<checks>.default(value)`. */
function numberOr(value: number, ...checks: z.core.$ZodCheck<number>[]) {
  return z._default(z.number().check(...checks), value);
}

function booleanOr(value: boolean) {
  return z._default(z.boolean(), value);
}

export const Thresholds = z.strictObject({
  errorRatePercent: numberOr(5, z.positive(), z.lte(100)),
  latencyMs: numberOr(1500, z.int(), z.positive()),
  periodSeconds: z._default(periodSeconds, 60),
  // No upper bound of their own: PutMetricAlarm caps Period x EvaluationPeriods (checked in
  // Service below), and datapointsToAlarm cannot exceed evaluationPeriods.
  evaluationPeriods: numberOr(3, z.int(), z.gte(1)),
  datapointsToAlarm: numberOr(2, z.int(), z.gte(1)),
});

/**
 * Where the service's "failing" is read from; required, because no source fits every function (a
 * web app answering 500 never moves Lambda's Errors). The message lists the three and when each fits.
 */
export const Signal = z.enum(SIGNAL_SOURCES, {
  error: (issue) =>
    `${issue.input === undefined ? "required" : `${JSON.stringify(issue.input)} is not a signal source`}: name where the service's failures are read from, one of ${describeSources()}`,
});

export const Policy = z.strictObject({
  /** Minutes a full release must serve all traffic before it counts as known-good. */
  stabilityWindowMinutes: numberOr(60, z.int(), z.positive()),
  /** Minutes after a rollback during which no other rollback of the service starts. */
  cooldownMinutes: numberOr(30, z.int(), z.gte(0)),
  maxRollbacksPerDay: numberOr(3, z.int(), z.positive()),
  onInconclusive: z._default(z.enum(["hold", "rollback"]), "hold"),
  dryRun: booleanOr(false),
  /** Whether manual rollbacks run the verification before shifting. */
  verifyManual: booleanOr(false),
  /** Seconds Confirm waits after the shift before reading metrics again. */
  confirmAfterSeconds: numberOr(180, z.int(), z.gte(0), z.lte(3600)),
  /**
   * Minutes after an alarm entered ALARM during which the reconciler verifies it again each minute,
   * while its run held because not every period of the window was worse yet (rule 4): on AWS the
   * alarm stays in ALARM and sends no new event. 0 turns re-checks off.
   */
  recheckMinutes: numberOr(10, z.int(), z.gte(0), z.lte(60)),
});

export const Notifications = z.strictObject({
  /** Publish to Ripcord's SNS topic. */
  sns: booleanOr(true),
  /**
   * Post to Slack: with a bot token (RipcordSlackBotToken) and `slackChannel`, through the Web API, so
   * the outcome updates the first message in place; otherwise to the incoming webhook (RipcordSlackWebhook).
   */
  slack: booleanOr(false),
  /** The channel the Slack bot posts this service's messages to (an id such as C0123ABCD, or #name). */
  slackChannel: z.optional(
    z
      .string()
      .check(
        z.regex(
          /^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,20})$/,
          "a Slack channel id such as C0123ABCD, or #channel-name",
        ),
      ),
  ),
  /** Post signed JSON to this URL (secret from RipcordWebhookSecret). */
  webhookUrl: z.optional(z.url({ protocol: /^https?$/ })),
});

const ServiceFields = z
  .strictObject({
    signal: Signal,
    /**
     * Omitted: infra finds them at deploy time by their tags, ripcord:service=<service> and
     * ripcord:stage=<the Ripcord stage>. Named functions must carry the same tags.
     */
    functions: z.optional(
      z
        .array(WatchedFunction)
        .check(
          z.minLength(
            1,
            "a service needs at least one function: name them, or omit functions so the deploy finds them by their ripcord:service and ripcord:stage tags",
          ),
        ),
    ),
    /** The alias of the service's functions (each may name its own); "production" unless said. */
    alias: z.optional(qualifier),
    /**
     * Alarms and notifications only, never a rollback: for functions that serve $LATEST and have
     * no alias to move (an sst.aws.Nextjs server, anything without an alias).
     */
    watchOnly: booleanOr(false),
    cloudfront: z.optional(
      z.strictObject({
        distributionId: z
          .string()
          .check(
            z.regex(/^[A-Z0-9]{8,20}$/, "a CloudFront distribution id such as E2ABCDEF123456"),
          ),
        paths: z._default(
          z
            .array(z.string().check(z.startsWith("/", "invalidation paths start with /")))
            .check(z.minLength(1)),
          ["/*"],
        ),
      }),
    ),
    alarms: z.prefault(Thresholds, {}),
    policy: z.prefault(Policy, {}),
    notify: z.prefault(Notifications, {}),
  })
  .check(
    z.superRefine((service, ctx) => {
      for (const issue of periodIssues(service.signal, service.alarms)) ctx.addIssue(issue);
      for (const issue of qualifierIssues(service)) ctx.addIssue(issue);
      if (service.alarms.datapointsToAlarm > service.alarms.evaluationPeriods) {
        ctx.addIssue({
          code: "custom",
          path: ["alarms", "datapointsToAlarm"],
          message: `datapointsToAlarm (${service.alarms.datapointsToAlarm}) cannot exceed evaluationPeriods (${service.alarms.evaluationPeriods})`,
        });
      }
      const seen = new Set<string>();
      (service.functions ?? []).forEach((fn, i) => {
        if (seen.has(fn.name)) {
          ctx.addIssue({
            code: "custom",
            path: ["functions", i, "name"],
            message: `function "${fn.name}" is listed twice`,
          });
        }
        seen.add(fn.name);
      });
    }),
  );

export const Service = z.pipe(
  ServiceFields,
  z.transform(({ functions, alias, ...service }: z.output<typeof ServiceFields>) => {
    const serviceAlias = alias ?? (service.watchOnly ? WATCH_ONLY_QUALIFIER : DEFAULT_ALIAS);
    return {
      ...service,
      alias: serviceAlias,
      // Empty only when omitted (an empty list is refused above): found by tag at deploy time.
      functions: (functions ?? []).map((fn): WatchedFunctionConfig => ({
        name: fn.name,
        alias: fn.alias ?? serviceAlias,
      })),
    };
  }),
);

/**
 * `$LATEST` is what a watch-only service is read on and nothing else: a rollback moves an alias,
 * and a watch-only service has none. The messages say which of the two the user meant.
 */
function qualifierIssues(service: {
  watchOnly: boolean;
  alias?: string | undefined;
  functions?: { alias?: string | undefined }[] | undefined;
  cloudfront?: unknown;
}): z.core.$ZodRawIssue[] {
  const given: { path: PropertyKey[]; alias: string }[] = [
    ...(service.alias === undefined ? [] : [{ path: ["alias"], alias: service.alias }]),
    ...(service.functions ?? []).flatMap((fn, i) =>
      fn.alias === undefined ? [] : [{ path: ["functions", i, "alias"], alias: fn.alias }],
    ),
  ];
  const issues: z.core.$ZodRawIssue[] = given.flatMap(({ path, alias }) => {
    if (service.watchOnly && alias !== WATCH_ONLY_QUALIFIER)
      return [
        {
          code: "custom" as const,
          input: alias,
          path,
          message: `a watch-only service has no alias: Ripcord reads its metrics on <FunctionName>:${WATCH_ONLY_QUALIFIER} and never shifts it; remove "${alias}", or drop watchOnly if "${alias}" is the alias that serves traffic`,
        },
      ];
    if (!service.watchOnly && alias === WATCH_ONLY_QUALIFIER)
      return [
        {
          code: "custom" as const,
          input: alias,
          path,
          message: `${WATCH_ONLY_QUALIFIER} is not an alias Ripcord can move: name the alias that serves traffic, or set watchOnly: true to watch ${WATCH_ONLY_QUALIFIER} with alarms and notifications only (no rollback)`,
        },
      ];
    return [];
  });
  if (service.watchOnly && service.cloudfront !== undefined) {
    issues.push({
      code: "custom",
      input: service.cloudfront,
      path: ["cloudfront"],
      message:
        "a watch-only service never shifts, so there is no invalidation after a shift: remove cloudfront, or drop watchOnly",
    });
  }
  return issues;
}

/** PutMetricAlarm's cap on Period x EvaluationPeriods: a day for periods under an hour, else a week. */
export function maxEvaluationSeconds(periodSeconds: number): number {
  return periodSeconds < 3600 ? 86_400 : 604_800;
}

/** What PutMetricAlarm would refuse, or make unreliable, about a service's periods for its source. */
function periodIssues(
  signal: z.output<typeof Signal>,
  alarms: Pick<z.output<typeof Thresholds>, "periodSeconds" | "evaluationPeriods">,
): z.core.$ZodRawIssue[] {
  const { periodSeconds: period, evaluationPeriods: count } = alarms;
  const issues: z.core.$ZodRawIssue[] = [];
  if (period < 60 && !SOURCES[signal].highResolution) {
    // PutMetricAlarm, "Period": "If you specify a period of 10, 20, or 30 for a metric that does
    // not have sub-minute resolution, the alarm still attempts to gather data at the period rate
    // that you specify. In this case, it does not receive data for the attempts that do not
    // correspond to a one-minute data resolution, and the alarm might often lapse into
    // INSUFFICIENT_DATA status." With missing data not breaching, such an alarm is unreliable.
    issues.push({
      code: "custom",
      input: period,
      path: ["alarms", "periodSeconds"],
      message: `${period} s is a sub-minute period, but the "${signal}" source's metrics have 1-minute resolution: PutMetricAlarm says that with a period of 10, 20, or 30 "for a metric that does not have sub-minute resolution ... the alarm might often lapse into INSUFFICIENT_DATA". Use periodSeconds 60 or more, or signal "emf" with @ripcord/instrument (highResolution: true) for 10, 20 or 30 s periods`,
    });
  }
  const total = period * count;
  const cap = maxEvaluationSeconds(period);
  if (total > cap) {
    // PutMetricAlarm, "EvaluationPeriods": "An alarm's total current evaluation period can be no
    // longer than seven days, so Period multiplied by EvaluationPeriods can't be more than 604,800
    // seconds. For alarms with a period of less than one hour (3,600 seconds), the total
    // evaluation period can't be longer than one day (86,400 seconds)."
    const most = Math.floor(cap / period);
    const fix =
      most >= 1
        ? `lower alarms.evaluationPeriods to at most ${most}, or shorten alarms.periodSeconds`
        : `lower alarms.periodSeconds to at most ${cap}`;
    issues.push({
      code: "custom",
      input: count,
      path: ["alarms", "evaluationPeriods"],
      message: `periodSeconds (${period}) x evaluationPeriods (${count}) is ${total} s, over the ${cap} s PutMetricAlarm allows for ${period < 3600 ? "periods under an hour (one day)" : "periods of an hour or more (seven days)"}: ${fix}`,
    });
  }
  return issues;
}

export const ApiToken = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  scope: z.enum(["read", "write"]),
});

export const Config = z
  .strictObject({
    // Keys checked in superRefine below: a record's key schema reports only "Invalid key", not the rule.
    services: z
      .record(z.string(), Service)
      .check(z.refine((s) => Object.keys(s).length > 0, "declare at least one service")),
    api: z.prefault(
      z.strictObject({
        /** "token": named bearer tokens from the RipcordApiTokens secret; "iam": function URL with SigV4. */
        auth: z._default(z.enum(["token", "iam"]), "token"),
      }),
      {},
    ),
  })
  .check(
    z.superRefine((config, ctx) => {
      for (const name of Object.keys(config.services)) {
        const key = serviceName.safeParse(name);
        if (!key.success) {
          ctx.addIssue({
            code: "custom",
            path: ["services", name],
            message: key.error.issues[0]?.message ?? "an invalid service name",
          });
        }
      }
      // A service with issues is not transformed (its functions are not filled in): its own issues
      // are reported, and who owns which function is checked once every service parsed.
      if (ctx.issues.length > 0) return;
      const owner = new Map<string, string>();
      for (const [name, service] of Object.entries(config.services)) {
        service.functions.forEach((fn, i) => {
          const other = owner.get(fn.name);
          if (other && other !== name) {
            ctx.addIssue({
              code: "custom",
              path: ["services", name, "functions", i, "name"],
              message: `function "${fn.name}" already belongs to service "${other}"; a function is watched by one service`,
            });
          }
          owner.set(fn.name, name);
        });
      }
    }),
  );

export type ConfigInput = z.input<typeof Config>;
export type RipcordConfig = z.output<typeof Config>;
export type ServiceConfig = z.output<typeof Service>;
export type ThresholdsConfig = z.output<typeof Thresholds>;
export type PolicyConfig = z.output<typeof Policy>;
export type SignalConfig = z.output<typeof Signal>;
/** A function as the parsed config holds it: its alias filled in from the service's. */
export interface WatchedFunctionConfig {
  name: string;
  /** The alias Ripcord moves, or `$LATEST` in a watch-only service. */
  alias: string;
}
