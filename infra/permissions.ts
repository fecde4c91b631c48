/**
 * Ripcord's IAM, as pure data: which function may do what, on which ARNs. infra hands these
 * statements to `sst.aws.Function({ permissions })` and to the state machine's role; tests/infra
 * checks them against AWS's authorization data and tests/iam evaluates every call the suite
 * records against them, so what is tested is what is deployed.
 *
 * Each policy has a constant size whatever the number of watched functions: Lambda grants are
 * scoped by the `ripcord:stage` tag the watched functions carry (ABAC: the SAR lists
 * `aws:ResourceTag/${TagKey}` for Lambda's `function` resource; Lambda's "Using attribute-based
 * access control" guide), Ripcord's alarms by their name prefix. IAM cannot narrow a grant to one
 * alias: the code touches only the watched alias.
 *
 * No SST globals here: this file is imported by vitest as well as by sst.config.ts.
 */
import { STAGE_TAG } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

// The tag keys have one source, core's config (the discovery by tag reads them too): `ripcord:stage`
// is valued with the stage of the Ripcord app that watches the function, `ripcord:service` names
// its service. packages/sst, a standalone package, keeps its own pair, tested equal to these.
export { SERVICE_TAG, STAGE_TAG } from "@ripcord/core/config";

/** A condition as `sst.aws.Function({ permissions })` takes it. */
export interface Condition {
  test: "StringEquals";
  variable: string;
  values: string[];
}

/** The shape `sst.aws.Function({ permissions })` takes. */
export interface Statement {
  actions: string[];
  resources: string[];
  conditions?: Condition[];
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

/** One thing a function may do; each is one IAM action (table and Lambda grants) or a few. */
export type Grant =
  | "table:GetItem"
  | "table:Query"
  | "table:PutItem"
  | "table:UpdateItem"
  | "table:DeleteItem"
  | "table:ConditionCheckItem"
  | "aliases:read"
  | "aliases:update"
  | "versions:read"
  | "functions:read"
  | "metrics:read"
  | "alarms:read"
  | "topic:publish"
  | "cdn:invalidate"
  | "cdn:check"
  | "executions:start"
  | "executions:describe"
  | "executions:stop"
  | "steps:warm"
  | "failures:send";

/**
 * Grants per function, from the calls each handler makes (tests/iam evaluates every recorded call
 * against them and removes each grant in turn to see a call denied). Only Shift may move an alias;
 * only Invalidate may create an invalidation; only the trigger, the API and the reconciler may
 * start the state machine, and read the executions they start (a duplicate start is answered with
 * ExecutionAlreadyExists and must be told apart); Resolve and Verify only read, so a rollback
 * writes nothing before Lock.
 */
export const FUNCTION_GRANTS: Readonly<Record<RipcordFunction, readonly Grant[]>> = {
  resolve: ["table:GetItem", "aliases:read"],
  // TransactWriteItems is authorised item by item: PutItem for the lock, ConditionCheckItem for the
  // cooldown and pause items it checks in the same transaction (infra/authorization.ts).
  lock: [
    "table:GetItem",
    "table:Query",
    "table:PutItem",
    "table:DeleteItem",
    "table:ConditionCheckItem",
  ],
  // GetFunction for the target's state, read beside the metrics (core/rollback/targets.ts): its
  // quota is its own, not the control plane's 15/s. Shift reads it when Verify could not.
  verify: ["metrics:read", "alarms:read", "functions:read"],
  shift: ["aliases:read", "aliases:update", "functions:read"],
  // The progress it writes beside each message lets people follow a run (GET /rollbacks/:id).
  notify: ["topic:publish", "table:PutItem"],
  invalidate: ["cdn:invalidate"],
  checkInvalidation: ["cdn:check"],
  confirm: ["metrics:read"],
  // Query: the shift count's seed reads the history (store/shift-count.ts).
  record: ["table:GetItem", "table:Query", "table:PutItem", "table:UpdateItem", "table:DeleteItem"],
  fail: [
    "table:GetItem",
    "table:Query",
    "table:PutItem",
    "table:UpdateItem",
    "table:DeleteItem",
    "topic:publish",
  ],
  // failures:send is used by Lambda, not the code: an async invocation's on-failure destination
  // is written with the function's own execution role. topic:publish: a watch-only service's
  // alarm is notified by the trigger itself (core/rollback/watch-only.ts), with no execution.
  trigger: ["executions:start", "executions:describe", "failures:send", "topic:publish"],
  api: [
    "table:GetItem",
    "table:Query",
    "table:PutItem",
    "table:UpdateItem",
    "table:DeleteItem",
    "aliases:read",
    // GetFunction for a named version's existence (POST /rollbacks, POST /releases): its quota is
    // its own, not the control plane's 15/s.
    "functions:read",
    "metrics:read",
    "alarms:read",
    "executions:start",
    "executions:describe",
    "executions:stop",
  ],
  // metrics:read and UpdateItem: the baseline hour's summary, read once it is published and kept on
  // the ledger item (core/rollback/baseline.ts); the ledger itself is written with UpdateItem.
  reconciler: [
    "table:GetItem",
    "table:Query",
    "table:PutItem",
    "table:UpdateItem",
    "metrics:read",
    "aliases:read",
    "topic:publish",
    "steps:warm",
    "alarms:read",
    "executions:start",
    "executions:describe",
  ],
};

/** Grants the code never exercises: AWS itself acts with the function's role. */
export const SERVICE_USED_GRANTS: readonly Grant[] = ["failures:send"];

/** The resources of one Ripcord stage; ARNs are resolved values, not Pulumi outputs. */
export interface PolicyContext {
  partition: string;
  region: string;
  account: string;
  /** Ripcord's own stage: the value of the watched functions' `ripcord:stage` tag. */
  stage: string;
  table: { arn: string; indexNames: readonly string[] };
  topicArn: string;
  stateMachineArn: string;
  /** CloudFront distributions of the watched services. */
  distributionIds: readonly string[];
  /** Starts the name of every alarm Ripcord creates for a watched function (ripcord-<stage>). */
  alarmPrefix: string;
  /** The step functions the reconciler keeps warm (the path to the shift). */
  warmFunctionArns: readonly string[];
  /** Where alarm events the trigger could not process end up (Lambda's on-failure destination). */
  deadLetterQueueArn: string;
}

/** Every function of the account and region; only ever granted under the stage tag condition. */
export function functionsArnPattern(ctx: PolicyContext): string {
  return `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.account}:function:*`;
}

/** The functions this stage watches: those tagged `ripcord:stage=<stage>`. */
export function watchedCondition(ctx: PolicyContext): Condition[] {
  return [{ test: "StringEquals", variable: `aws:ResourceTag/${STAGE_TAG}`, values: [ctx.stage] }];
}

export function distributionArns(ctx: PolicyContext): string[] {
  return unique(
    ctx.distributionIds.map(
      (id) => `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${id}`,
    ),
  );
}

/** Ripcord's alarms for the watched functions, by name prefix (never its health alarms). */
export function alarmArnPattern(ctx: PolicyContext): string {
  return `arn:${ctx.partition}:cloudwatch:${ctx.region}:${ctx.account}:alarm:${ctx.alarmPrefix}-*`;
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

function watchedFunctions(ctx: PolicyContext, action: string): Statement {
  return {
    actions: [action],
    resources: [functionsArnPattern(ctx)],
    conditions: watchedCondition(ctx),
  };
}

function grantStatement(grant: Grant, ctx: PolicyContext): Statement {
  switch (grant) {
    case "table:GetItem":
    case "table:PutItem":
    case "table:UpdateItem":
    case "table:DeleteItem":
    case "table:ConditionCheckItem":
      return { actions: [`dynamodb:${grant.slice("table:".length)}`], resources: [ctx.table.arn] };
    // A query of a secondary index is authorised on the index's ARN.
    case "table:Query":
      return { actions: ["dynamodb:Query"], resources: tableResources(ctx) };
    case "aliases:read":
      return watchedFunctions(ctx, "lambda:GetAlias");
    case "aliases:update":
      return watchedFunctions(ctx, "lambda:UpdateAlias");
    // GetFunctionConfiguration of a version is authorised on the version's ARN, which the
    // function pattern covers; the tag is the function's.
    case "versions:read":
      return watchedFunctions(ctx, "lambda:GetFunctionConfiguration");
    // GetFunction with a Qualifier is authorised on the version's ARN, as above.
    case "functions:read":
      return watchedFunctions(ctx, "lambda:GetFunction");
    case "metrics:read":
      // GetMetricData names no resource for classic metrics: IAM evaluates it on "*" only.
      return { actions: ["cloudwatch:GetMetricData"], resources: ["*"] };
    case "alarms:read":
      return { actions: ["cloudwatch:DescribeAlarms"], resources: [alarmArnPattern(ctx)] };
    case "topic:publish":
      return { actions: ["sns:Publish"], resources: [ctx.topicArn] };
    case "cdn:invalidate":
      return { actions: ["cloudfront:CreateInvalidation"], resources: distributionArns(ctx) };
    case "cdn:check":
      return { actions: ["cloudfront:GetInvalidation"], resources: distributionArns(ctx) };
    case "executions:start":
      return { actions: ["states:StartExecution"], resources: [ctx.stateMachineArn] };
    case "executions:describe":
      return {
        actions: ["states:DescribeExecution"],
        resources: [executionArnPattern(ctx.stateMachineArn)],
      };
    case "executions:stop":
      return {
        actions: ["states:StopExecution"],
        resources: [executionArnPattern(ctx.stateMachineArn)],
      };
    // Ripcord's own step functions carry no watched tag: granted by ARN.
    case "steps:warm":
      return { actions: ["lambda:InvokeFunction"], resources: unique(ctx.warmFunctionArns) };
    case "failures:send":
      return { actions: ["sqs:SendMessage"], resources: [ctx.deadLetterQueueArn] };
  }
}

/** Statements that differ only in their actions become one, so a policy stays short. */
function merged(statements: readonly Statement[]): Statement[] {
  const byScope = new Map<string, Statement>();
  for (const statement of statements) {
    const key = JSON.stringify([statement.resources, statement.conditions ?? []]);
    const same = byScope.get(key);
    if (same) same.actions = unique([...same.actions, ...statement.actions]);
    else byScope.set(key, { ...statement, actions: [...statement.actions] });
  }
  return [...byScope.values()];
}

/** The statements of a set of grants (FUNCTION_GRANTS[fn], or fewer in the IAM tests). */
export function statementsOf(grants: readonly Grant[], ctx: PolicyContext): Statement[] {
  // A statement with no resource (no distribution configured, say) is dropped: IAM rejects an
  // empty Resource, and an absent grant is the least privilege.
  return merged(
    grants
      .map((grant) => grantStatement(grant, ctx))
      .filter((statement) => statement.resources.length > 0),
  );
}

/** The statements of one function. */
export function statementsFor(fn: RipcordFunction, ctx: PolicyContext): Statement[] {
  return statementsOf(FUNCTION_GRANTS[fn], ctx);
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

/** An IAM policy document, as IAM reads it (and as SST renders a function's inline policy). */
export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Effect: "Allow",
      Action: s.actions,
      Resource: s.resources,
      ...(s.conditions && s.conditions.length > 0 && { Condition: conditionBlock(s.conditions) }),
    })),
  });
}

function conditionBlock(
  conditions: readonly Condition[],
): Record<string, Record<string, string[]>> {
  const block: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of conditions) {
    block[test] = { ...block[test], [variable]: values };
  }
  return block;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
