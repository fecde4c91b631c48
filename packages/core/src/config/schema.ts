import * as z from "zod";

/** Lambda function names: letters, digits, hyphens, underscores, 1-64 chars. */
export const functionName = z
  .string()
  .regex(
    /^[A-Za-z0-9_-]{1,64}$/,
    "a Lambda function name (letters, digits, - and _, at most 64 characters)",
  );
export const aliasName = z
  .string()
  .regex(
    /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/,
    "a Lambda alias name (letters, digits, - and _, not only digits)",
  );
export const serviceName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,39}$/,
    "a service name (lower-case letters, digits and -, starting with a letter, at most 40 characters)",
  );

export const WatchedFunction = z.strictObject({
  name: functionName,
  alias: aliasName.default("production"),
});

export const Thresholds = z.strictObject({
  errorRatePercent: z.number().positive().max(100).default(5),
  latencyMs: z.number().int().positive().default(1500),
  periodSeconds: z
    .union([z.literal(10), z.literal(30), z.number().int().positive().multipleOf(60)])
    .default(60),
  evaluationPeriods: z.number().int().min(1).max(60).default(3),
  datapointsToAlarm: z.number().int().min(1).max(60).default(2),
});

export const Policy = z.strictObject({
  /** Minutes a full release must serve all traffic before it counts as known-good. */
  stabilityWindowMinutes: z.number().int().positive().default(60),
  /** Minutes after a rollback during which no other rollback of the service starts. */
  cooldownMinutes: z.number().int().min(0).default(30),
  maxRollbacksPerDay: z.number().int().positive().default(3),
  onInconclusive: z.enum(["hold", "rollback"]).default("hold"),
  dryRun: z.boolean().default(false),
  /** Whether manual rollbacks run the verification before shifting. */
  verifyManual: z.boolean().default(false),
  /** Seconds Confirm waits after the shift before reading metrics again. */
  confirmAfterSeconds: z.number().int().min(0).max(3600).default(180),
  /**
   * Minutes after an alarm entered ALARM during which the reconciler verifies it again each minute,
   * while its run held because not every period of the window was worse yet (rule 4): on AWS the
   * alarm stays in ALARM and sends no new event. 0 turns re-checks off.
   */
  recheckMinutes: z.number().int().min(0).max(60).default(10),
});

export const Notifications = z.strictObject({
  /** Publish to Ripcord's SNS topic. */
  sns: z.boolean().default(true),
  /**
   * Post to Slack: with a bot token (RipcordSlackBotToken) and `slackChannel`, through the Web API, so
   * the outcome updates the first message in place; otherwise to the incoming webhook (RipcordSlackWebhook).
   */
  slack: z.boolean().default(false),
  /** The channel the Slack bot posts this service's messages to (an id such as C0123ABCD, or #name). */
  slackChannel: z
    .string()
    .regex(
      /^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{6,20})$/,
      "a Slack channel id such as C0123ABCD, or #channel-name",
    )
    .optional(),
  /** Post signed JSON to this URL (secret from RipcordWebhookSecret). */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export const Service = z
  .strictObject({
    functions: z.array(WatchedFunction).min(1, "a service needs at least one function"),
    cloudfront: z
      .strictObject({
        distributionId: z
          .string()
          .regex(/^[A-Z0-9]{8,20}$/, "a CloudFront distribution id such as E2ABCDEF123456"),
        paths: z
          .array(z.string().startsWith("/", "invalidation paths start with /"))
          .min(1)
          .default(["/*"]),
      })
      .optional(),
    alarms: Thresholds.prefault({}),
    policy: Policy.prefault({}),
    notify: Notifications.prefault({}),
  })
  .superRefine((service, ctx) => {
    if (service.alarms.datapointsToAlarm > service.alarms.evaluationPeriods) {
      ctx.addIssue({
        code: "custom",
        path: ["alarms", "datapointsToAlarm"],
        message: `datapointsToAlarm (${service.alarms.datapointsToAlarm}) cannot exceed evaluationPeriods (${service.alarms.evaluationPeriods})`,
      });
    }
    const seen = new Set<string>();
    service.functions.forEach((fn, i) => {
      if (seen.has(fn.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["functions", i, "name"],
          message: `function "${fn.name}" is listed twice`,
        });
      }
      seen.add(fn.name);
    });
  });

export const ApiToken = z.strictObject({
  name: z.string().regex(/^[a-z0-9-]{1,40}$/),
  scope: z.enum(["read", "write"]),
});

export const Config = z
  .strictObject({
    // Keys checked in superRefine below: a record's key schema reports only "Invalid key", not the rule.
    services: z
      .record(z.string(), Service)
      .refine((s) => Object.keys(s).length > 0, "declare at least one service"),
    api: z
      .strictObject({
        /** "token": named bearer tokens from the RipcordApiTokens secret; "iam": function URL with SigV4. */
        auth: z.enum(["token", "iam"]).default("token"),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
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
  });

export type ConfigInput = z.input<typeof Config>;
export type RipcordConfig = z.output<typeof Config>;
export type ServiceConfig = z.output<typeof Service>;
export type ThresholdsConfig = z.output<typeof Thresholds>;
export type PolicyConfig = z.output<typeof Policy>;
export type WatchedFunctionConfig = z.output<typeof WatchedFunction>;
