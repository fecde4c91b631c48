/**
 * Ripcord's IAM, as pure data: which function may do what, on which ARNs. infra hands these
 * statements to `sst.aws.Function({ permissions })` and to the state machine's role; the tests in
 * tests/infra assert over the same functions, so what is tested is what is deployed.
 *
 * No SST globals here: this file is imported by vitest as well as by sst.config.ts.
 */
import { ConfigError } from "@ripcord/core/errors";

/** The shape `sst.aws.Function({ permissions })` takes. */
export interface Statement {
  actions: string[];
  resources: string[];
}

/** Ripcord's own Lambda functions: one per state machine step, plus the entry points. */
export type RipcordFunction =
  | "resolve"
  | "lock"
  | "verify"
  | "shift"
  | "notify"
  | "invalidate"
  | "checkInvalidation"
  | "confirm"
  | "record"
  | "fail"
  | "trigger"
  | "api"
  | "reconciler";

/** What a function is allowed to touch; each grant compiles to one or two statements. */
export type Grant =
  | "table:read"
  | "table:write"
  | "aliases:read"
  | "versions:read"
  | "aliases:shift"
  | "metrics:read"
  | "alarms:read"
  | "topic:publish"
  | "cdn:invalidate"
  | "cdn:check"
  | "executions:start"
  | "executions:manage"
  | "steps:warm"
  | "failures:send";

/**
 * Grants per function, from what each handler calls (packages/core/src/rollback/*). Only Shift may
 * move an alias; only Invalidate may create an invalidation; only the trigger, the API and the
 * reconciler (re-checking an alarm that stays in ALARM, which AWS announces only once) may start
 * the state machine; Resolve and Verify only read, so a rollback writes nothing before Lock.
 */
export const FUNCTION_GRANTS: Readonly<Record<RipcordFunction, readonly Grant[]>> = {
  resolve: ["table:read", "aliases:read"],
  lock: ["table:write"],
  verify: ["metrics:read", "alarms:read"],
  shift: ["aliases:shift"],
  notify: ["topic:publish"],
  invalidate: ["cdn:invalidate"],
  checkInvalidation: ["cdn:check"],
  confirm: ["metrics:read"],
  record: ["table:write"],
  fail: ["table:write", "topic:publish"],
  trigger: ["executions:start", "failures:send"],
  api: [
    "table:write",
    "aliases:read",
    "versions:read",
    "metrics:read",
    "alarms:read",
    "executions:start",
    "executions:manage",
  ],
  reconciler: [
    "table:write",
    "aliases:read",
    "topic:publish",
    "steps:warm",
    "alarms:read",
    "executions:start",
  ],
};

/** The resources of one Ripcord stage; ARNs are resolved values, not Pulumi outputs. */
export interface PolicyContext {
  partition: string;
  region: string;
  account: string;
  table: { arn: string; indexNames: readonly string[] };
  topicArn: string;
  stateMachineArn: string;
  /** Every watched function alias, across all services. */
  watched: readonly { name: string; alias: string }[];
  /** CloudFront distributions of the watched services. */
  distributionIds: readonly string[];
  /** Names of Ripcord's CloudWatch alarms (from the alarm specs). */
  alarmNames: readonly string[];
  /** The step functions the reconciler keeps warm (the path to the shift). */
  warmFunctionArns: readonly string[];
  /** Where alarm events the trigger could not process end up (Lambda's on-failure destination). */
  deadLetterQueueArn: string;
}

const TABLE_READ = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:ConditionCheckItem",
];
const TABLE_WRITE = [
  ...TABLE_READ,
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

export function functionArn(ctx: PolicyContext, name: string): string {
  return `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.account}:function:${name}`;
}

/** The alias ARNs Ripcord watches: the only aliases Shift may update. */
export function watchedAliasArns(ctx: PolicyContext): string[] {
  return unique(ctx.watched.map((fn) => `${functionArn(ctx, fn.name)}:${fn.alias}`));
}

/**
 * The published versions of the watched functions. Version numbers are not known ahead of time,
 * so the qualifier is the one place a wildcard appears, always under a named, watched function.
 */
export function watchedVersionArns(ctx: PolicyContext): string[] {
  return unique(ctx.watched.map((fn) => `${functionArn(ctx, fn.name)}:*`));
}

export function distributionArns(ctx: PolicyContext): string[] {
  return unique(
    ctx.distributionIds.map(
      (id) => `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${id}`,
    ),
  );
}

export function alarmArns(ctx: PolicyContext): string[] {
  return unique(
    ctx.alarmNames.map(
      (name) => `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.account}:alarm:${name}`,
    ),
  );
}

/** Executions of Ripcord's state machine: `...:execution:<state machine name>:<execution name>`. */
export function executionArnPattern(stateMachineArn: string): string {
  const marker = ":stateMachine:";
  const at = stateMachineArn.indexOf(marker);
  if (at < 0) throw new ConfigError(`not a state machine ARN: ${stateMachineArn}`);
  return `${stateMachineArn.slice(0, at)}:execution:${stateMachineArn.slice(at + marker.length)}:*`;
}

function tableResources(ctx: PolicyContext): string[] {
  return [ctx.table.arn, ...ctx.table.indexNames.map((index) => `${ctx.table.arn}/index/${index}`)];
}

function grantStatements(grant: Grant, ctx: PolicyContext): Statement[] {
  switch (grant) {
    case "table:read":
      return [{ actions: TABLE_READ, resources: tableResources(ctx) }];
    case "table:write":
      return [{ actions: TABLE_WRITE, resources: tableResources(ctx) }];
    case "aliases:read":
      return [{ actions: ["lambda:GetAlias"], resources: watchedAliasArns(ctx) }];
    case "versions:read":
      return [{ actions: ["lambda:GetFunctionConfiguration"], resources: watchedVersionArns(ctx) }];
    case "aliases:shift":
      return [
        { actions: ["lambda:GetAlias", "lambda:UpdateAlias"], resources: watchedAliasArns(ctx) },
        { actions: ["lambda:GetFunctionConfiguration"], resources: watchedVersionArns(ctx) },
      ];
    case "metrics:read":
      // GetMetricData has no resource-level permissions in IAM: AWS accepts only "*" for it.
      // This is the one "*" resource in Ripcord; it reads metrics and can change nothing.
      return [{ actions: ["cloudwatch:GetMetricData"], resources: ["*"] }];
    case "alarms:read":
      // DescribeAlarms accepts alarm ARNs for metric alarms (only composite alarms need "*").
      return [{ actions: ["cloudwatch:DescribeAlarms"], resources: alarmArns(ctx) }];
    case "topic:publish":
      return [{ actions: ["sns:Publish"], resources: [ctx.topicArn] }];
    case "cdn:invalidate":
      return [{ actions: ["cloudfront:CreateInvalidation"], resources: distributionArns(ctx) }];
    case "cdn:check":
      return [{ actions: ["cloudfront:GetInvalidation"], resources: distributionArns(ctx) }];
    case "executions:start":
      return [{ actions: ["states:StartExecution"], resources: [ctx.stateMachineArn] }];
    case "executions:manage":
      return [
        { actions: ["states:ListExecutions"], resources: [ctx.stateMachineArn] },
        {
          actions: ["states:DescribeExecution", "states:StopExecution"],
          resources: [executionArnPattern(ctx.stateMachineArn)],
        },
      ];
    case "steps:warm":
      return [{ actions: ["lambda:InvokeFunction"], resources: unique(ctx.warmFunctionArns) }];
    case "failures:send":
      return [{ actions: ["sqs:SendMessage"], resources: [ctx.deadLetterQueueArn] }];
  }
}

/**
 * The statements of one function. A statement with no resource (no distribution configured, say)
 * is dropped: IAM rejects an empty Resource, and an absent grant is the least privilege.
 */
export function statementsFor(fn: RipcordFunction, ctx: PolicyContext): Statement[] {
  return FUNCTION_GRANTS[fn]
    .flatMap((grant) => grantStatements(grant, ctx))
    .filter((statement) => statement.resources.length > 0);
}

/** The state machine's role may invoke its own step functions and nothing else in Lambda. */
export function stateMachineStatements(stepFunctionArns: readonly string[]): Statement[] {
  return [{ actions: ["lambda:InvokeFunction"], resources: unique(stepFunctionArns) }];
}

/**
 * Step Functions writes its execution log through CloudWatch Logs' vended-log delivery, whose
 * actions AWS only authorizes on "*" (documented in the Step Functions logging guide). They
 * manage log deliveries, not Lambda, CloudFront, DynamoDB or Step Functions resources.
 */
export function stateMachineLoggingStatements(): Statement[] {
  return [
    {
      actions: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      resources: ["*"],
    },
  ];
}

/** An IAM policy document (for raw `aws.iam.RolePolicy` resources). */
export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Effect: "Allow",
      Action: s.actions,
      Resource: s.resources,
    })),
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
