import { describe, expect, it } from "vitest";
import ripcordConfig from "../../ripcord.config.ts";
import { specs } from "@ripcord/core/alarms";
import { tableDefinition } from "@ripcord/core/aws/table";
import { ConfigError } from "@ripcord/core/errors";
import { STEP_FUNCTIONS } from "@ripcord/core/workflow";
import {
  FUNCTION_GRANTS,
  executionArnPattern,
  policyDocument,
  stateMachineLoggingStatements,
  stateMachineStatements,
  statementsFor,
  type PolicyContext,
  type RipcordFunction,
  type Statement,
} from "../../infra/permissions.ts";
import { distributionIds, watchedAliases, withDemo } from "../../infra/stage-config.ts";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const config = withDemo(ripcordConfig, {
  functionName: "ripcord-test-demo",
  distributionId: "E1DEMO0000TEST",
});
const table = tableDefinition("ripcord-test").create;
const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ripcord-test`;
const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ripcord-test-rollback`;
const stepArn = (name: string) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ripcord-test-Step${name}`;

function context(overrides: Partial<PolicyContext> = {}): PolicyContext {
  return {
    partition: "aws",
    region: REGION,
    account: ACCOUNT,
    table: {
      arn: tableArn,
      indexNames: table.GlobalSecondaryIndexes.map((index) => index.IndexName ?? ""),
    },
    topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ripcord-test-topic`,
    stateMachineArn,
    watched: watchedAliases(config),
    distributionIds: distributionIds(config),
    alarmNames: specs(config, { prefix: "ripcord-test", latencyStatistic: "p99" }).map(
      (spec) => spec.name,
    ),
    warmFunctionArns: ["Resolve", "Lock", "Verify", "Shift"].map(stepArn),
    deadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ripcord-test-dead-letters`,
    ...overrides,
  };
}

const FUNCTIONS = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];
const GUARDED_SERVICES = ["lambda:", "cloudfront:", "dynamodb:", "states:"];

function allStatements(ctx: PolicyContext): { fn: RipcordFunction; statement: Statement }[] {
  return FUNCTIONS.flatMap((fn) => statementsFor(fn, ctx).map((statement) => ({ fn, statement })));
}

function functionsAllowed(ctx: PolicyContext, action: string): RipcordFunction[] {
  return FUNCTIONS.filter((fn) => statementsFor(fn, ctx).some((s) => s.actions.includes(action)));
}

function resourcesFor(ctx: PolicyContext, fn: RipcordFunction, action: string): string[] {
  return statementsFor(fn, ctx).flatMap((s) => (s.actions.includes(action) ? s.resources : []));
}

describe("Ripcord's IAM statements", () => {
  it("declare grants for every state machine step, the trigger, the API and the reconciler", () => {
    // Prepare / Act
    const declared = new Set(FUNCTIONS);

    // Assess
    for (const step of STEP_FUNCTIONS) expect(declared.has(step)).toBe(true);
    for (const entry of ["trigger", "api", "reconciler"] as const)
      expect(declared.has(entry)).toBe(true);
  });

  it("never use a wildcard action", () => {
    const statements = [
      ...allStatements(context()).map(({ statement }) => statement),
      ...stateMachineStatements(STEP_FUNCTIONS.map((step) => stepArn(step))),
      ...stateMachineLoggingStatements(),
    ];

    const actions = statements.flatMap((s) => s.actions);

    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
  });

  it("never give Lambda, CloudFront, DynamoDB or Step Functions actions a '*' or service-wide resource", () => {
    const guarded = allStatements(context()).filter(({ statement }) =>
      statement.actions.some((action) =>
        GUARDED_SERVICES.some((service) => action.startsWith(service)),
      ),
    );

    expect(guarded.length).toBeGreaterThan(0);
    for (const { fn, statement } of guarded) {
      for (const resource of statement.resources) {
        expect(resource, `${fn}: ${statement.actions.join(",")}`).not.toBe("*");
        // Wildcards only ever stand for a version or an execution name under a named resource.
        const wildcard = resource.indexOf("*");
        if (wildcard >= 0) {
          expect(resource, `${fn}: ${resource}`).toMatch(
            /(:function:[A-Za-z0-9_-]+|:execution:[A-Za-z0-9_-]+):\*$/,
          );
        }
      }
    }
  });

  it("use resource '*' only for CloudWatch GetMetricData, which has no resource-level permissions", () => {
    const starred = allStatements(context()).filter(({ statement }) =>
      statement.resources.includes("*"),
    );

    expect(starred.length).toBeGreaterThan(0);
    for (const { statement } of starred)
      expect(statement.actions).toEqual(["cloudwatch:GetMetricData"]);
  });

  it("let only Shift update aliases, and only the watched aliases", () => {
    const ctx = context();
    const expected = watchedAliases(config).map(
      (fn) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.name}:${fn.alias}`,
    );

    const updaters = functionsAllowed(ctx, "lambda:UpdateAlias");
    const resources = resourcesFor(ctx, "shift", "lambda:UpdateAlias");

    expect(updaters).toEqual(["shift"]);
    expect([...resources].sort()).toEqual([...expected].sort());
    expect(resources).toContain(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-api:production`);
    expect(resources).toContain(
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ripcord-test-demo:production`,
    );
  });

  it("follow the config: an alias that is not watched is not updatable", () => {
    const ctx = context({ watched: [{ name: "acme-api", alias: "canary" }] });

    const resources = resourcesFor(ctx, "shift", "lambda:UpdateAlias");

    expect(resources).toEqual([`arn:aws:lambda:${REGION}:${ACCOUNT}:function:acme-api:canary`]);
  });

  it("read version configuration only under the watched functions", () => {
    const ctx = context();

    const resources = resourcesFor(ctx, "shift", "lambda:GetFunctionConfiguration");

    expect([...resources].sort()).toEqual(
      watchedAliases(config)
        .map((fn) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn.name}:*`)
        .sort(),
    );
  });

  it("let only Invalidate create invalidations, on the configured distributions only", () => {
    const ctx = context();

    const creators = functionsAllowed(ctx, "cloudfront:CreateInvalidation");
    const resources = resourcesFor(ctx, "invalidate", "cloudfront:CreateInvalidation");

    expect(creators).toEqual(["invalidate"]);
    expect([...resources].sort()).toEqual([
      `arn:aws:cloudfront::${ACCOUNT}:distribution/E1DEMO0000TEST`,
      `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ACMEAPI00001`,
    ]);
    expect(resourcesFor(ctx, "checkInvalidation", "cloudfront:GetInvalidation")).toEqual(resources);
  });

  it("drop CloudFront statements entirely when no service has a distribution", () => {
    const ctx = context({ distributionIds: [] });

    const statements = [
      ...statementsFor("invalidate", ctx),
      ...statementsFor("checkInvalidation", ctx),
    ];

    expect(statements).toEqual([]);
  });

  it("confine DynamoDB to the table and its indexes", () => {
    const ctx = context();
    const allowed = new Set([tableArn, `${tableArn}/index/byTime`]);

    const dynamo = allStatements(ctx).filter(({ statement }) =>
      statement.actions.some((a) => a.startsWith("dynamodb:")),
    );

    expect(dynamo.length).toBeGreaterThan(0);
    for (const { statement } of dynamo) {
      for (const resource of statement.resources) expect(allowed.has(resource)).toBe(true);
    }
  });

  it("keep the steps before the lock, Shift and Notify away from table writes", () => {
    const ctx = context();

    const writers = functionsAllowed(ctx, "dynamodb:PutItem");

    expect(writers).not.toContain("resolve");
    expect(writers).not.toContain("verify");
    expect(writers).not.toContain("shift");
    expect(writers).not.toContain("notify");
    expect(writers).toContain("lock");
    expect(writers).toContain("record");
  });

  it("let only the trigger, the API and the reconciler (re-checks) start executions, of Ripcord's state machine only", () => {
    const ctx = context();

    const starters = functionsAllowed(ctx, "states:StartExecution");

    expect(starters.sort()).toEqual(["api", "reconciler", "trigger"]);
    for (const fn of starters)
      expect(resourcesFor(ctx, fn, "states:StartExecution")).toEqual([stateMachineArn]);
  });

  it("let the reconciler read Ripcord's alarms and start executions, but not read, stop or list them", () => {
    const ctx = context();
    const alarms = ctx.alarmNames.map(
      (name) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    );

    const described = resourcesFor(ctx, "reconciler", "cloudwatch:DescribeAlarms");
    const actions = statementsFor("reconciler", ctx).flatMap((s) => s.actions);

    expect([...described].sort()).toEqual([...alarms].sort());
    expect(actions).toContain("states:StartExecution");
    for (const action of [
      "states:StopExecution",
      "states:DescribeExecution",
      "states:ListExecutions",
      "cloudwatch:SetAlarmState",
      "cloudwatch:PutMetricAlarm",
    ]) {
      expect(actions).not.toContain(action);
    }
  });

  it("scope execution reads and stops to the executions of Ripcord's state machine", () => {
    const resources = resourcesFor(context(), "api", "states:StopExecution");

    expect(resources).toEqual([
      `arn:aws:states:${REGION}:${ACCOUNT}:execution:ripcord-test-rollback:*`,
    ]);
  });

  it("scope DescribeAlarms to Ripcord's own alarms", () => {
    const ctx = context();

    const readers = functionsAllowed(ctx, "cloudwatch:DescribeAlarms");

    expect(readers.sort()).toEqual(["api", "reconciler", "verify"]);
    for (const fn of readers) {
      const resources = resourcesFor(ctx, fn, "cloudwatch:DescribeAlarms");
      expect(resources).toHaveLength(ctx.alarmNames.length);
      for (const resource of resources) {
        expect(resource).toMatch(
          new RegExp(`^arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:ripcord-test-`),
        );
      }
    }
  });

  it("let the reconciler invoke only the steps it keeps warm", () => {
    const ctx = context();

    const invokers = functionsAllowed(ctx, "lambda:InvokeFunction");

    expect(invokers).toEqual(["reconciler"]);
    expect(resourcesFor(ctx, "reconciler", "lambda:InvokeFunction")).toEqual(ctx.warmFunctionArns);
  });

  it("let the state machine's role invoke its own step functions and nothing else", () => {
    const arns = STEP_FUNCTIONS.map((step) => stepArn(step));

    const statements = stateMachineStatements([...arns, arns[0] ?? ""]);

    expect(statements).toEqual([{ actions: ["lambda:InvokeFunction"], resources: arns }]);
  });

  it("give the state machine's log delivery only CloudWatch Logs actions", () => {
    const statements = stateMachineLoggingStatements();

    for (const action of statements.flatMap((s) => s.actions))
      expect(action.startsWith("logs:")).toBe(true);
  });

  it("render statements as an IAM policy document", () => {
    const statements: Statement[] = [
      { actions: ["sns:Publish"], resources: ["arn:aws:sns:eu-west-1:123456789012:t"] },
    ];

    const document = JSON.parse(policyDocument(statements));

    expect(document).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["sns:Publish"],
          Resource: ["arn:aws:sns:eu-west-1:123456789012:t"],
        },
      ],
    });
  });

  it("refuse to derive execution ARNs from something that is not a state machine ARN", () => {
    expect(() => executionArnPattern(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:nope`)).toThrow(
      ConfigError,
    );
  });
});
