import { describe, expect, it } from "vitest";
import { STEP_FUNCTIONS } from "@ripcord/core/workflow";
import {
  FUNCTION_GRANTS,
  STAGE_TAG,
  executionArnPattern,
  policyDocument,
  stateMachineLoggingStatements,
  stateMachineStatements,
  statementsFor,
  type RipcordFunction,
  type Statement,
} from "../../infra/permissions.ts";
import {
  actionExists,
  evaluate,
  followsTemplate,
  sarAction,
  type SarResourceType,
} from "../support/iam.ts";
import { policyContext } from "../support/policy-context.ts";

/*
 * Ripcord's statements, checked against AWS's Service Authorization Reference (iam-data) and
 * evaluated as IAM would (iam-simulate). What the code really calls is checked in tests/iam, over
 * every call the suite records.
 */

const ctx = policyContext();
const REGION = ctx.region;
const ACCOUNT = ctx.account;
const FUNCTIONS = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];
const stepArn = (step: string) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:ripcord-test-${step}`;
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
const WATCHED = { [STAGE_TAG]: ctx.stage, "ripcord:service": "api" };

const roleStatements = FUNCTIONS.map((fn) => ({ owner: fn, statements: statementsFor(fn, ctx) }));
const allStatements: { owner: string; statements: Statement[] }[] = [
  ...roleStatements,
  { owner: "state machine", statements: stateMachineStatements(STEP_FUNCTIONS.map(stepArn)) },
  { owner: "state machine logging", statements: stateMachineLoggingStatements() },
];
const everyStatement = allStatements.flatMap(({ owner, statements }) =>
  statements.map((statement) => ({ owner, statement })),
);

/** The resource types of the action whose template the resource follows. */
function typesFollowed(types: readonly SarResourceType[], resource: string): SarResourceType[] {
  return types.filter((type) => followsTemplate(resource, type.arn));
}

function tagScoped(statement: Statement): boolean {
  return (statement.conditions ?? []).some((c) => c.variable.startsWith("aws:ResourceTag/"));
}

async function who(action: string, resource: string, tags?: Record<string, string>) {
  const allowed: RipcordFunction[] = [];
  for (const { owner, statements } of roleStatements) {
    const request = { action, resource, ...(tags && { resourceTags: tags }) };
    if ((await evaluate(statements, request)) === "Allowed") allowed.push(owner);
  }
  return allowed;
}

describe("Ripcord's IAM statements, against AWS's authorization data", () => {
  it("declare grants for every state machine step, the trigger, the API and the reconciler", () => {
    for (const fn of [...STEP_FUNCTIONS, "trigger", "api", "reconciler"]) {
      expect(FUNCTIONS).toContain(fn);
    }
  });

  it("name only actions the Service Authorization Reference lists, never a wildcard action", async () => {
    const actions = everyStatement.flatMap(({ statement }) => statement.actions);

    expect(actions.length).toBeGreaterThan(20);
    for (const action of actions) {
      expect(action, action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      expect(await actionExists(action), action).toBe(true);
    }
  });

  it("give each action resources that follow one of its SAR resource types strictly, '*' only for actions that have none required", async () => {
    let checked = 0;
    for (const { owner, statement } of everyStatement) {
      for (const action of statement.actions) {
        const { resourceTypes } = await sarAction(action);
        for (const resource of statement.resources) {
          const where = `${owner}: ${action} on ${resource}`;
          if (resource === "*") {
            // e.g. GetMetricData (its only type, `dataset`, is optional) and the log deliveries.
            expect(
              resourceTypes.filter((type) => type.required),
              where,
            ).toEqual([]);
          } else {
            expect(typesFollowed(resourceTypes, resource).length, where).toBeGreaterThan(0);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("scope by tag only actions whose resource types accept aws:ResourceTag in the SAR", async () => {
    const scoped = everyStatement.filter(({ statement }) => tagScoped(statement));

    expect(scoped.length).toBeGreaterThan(0);
    for (const { owner, statement } of scoped) {
      for (const action of statement.actions) {
        const { resourceTypes } = await sarAction(action);
        for (const resource of statement.resources) {
          const types = typesFollowed(resourceTypes, resource);
          expect(types.length, `${owner}: ${action}`).toBeGreaterThan(0);
          for (const type of types) {
            expect(type.conditionKeys, `${owner}: ${action} on ${type.name}`).toContain(
              "aws:ResourceTag/${TagKey}",
            );
          }
        }
      }
    }
  });

  it("put a wildcard in a resource only under a tag condition, or for the last name of a resource Ripcord names itself", () => {
    const own = [`:execution:ripcord-test-rollback:*`, `:alarm:${ctx.alarmPrefix}-*`];
    for (const { owner, statement } of everyStatement) {
      for (const resource of statement.resources) {
        if (resource === "*" || !/[*?]/.test(resource)) continue;
        const where = `${owner}: ${resource}`;
        if (tagScoped(statement)) expect(resource, where).toMatch(/:function:\*$/);
        else
          expect(
            own.some((suffix) => resource.endsWith(suffix)),
            where,
          ).toBe(true);
      }
    }
  });

  it("let only Shift update an alias, on a function its stage watches (authorised on the function ARN)", async () => {
    expect(await who("lambda:UpdateAlias", functionArn("acme-api"), WATCHED)).toEqual(["shift"]);
    expect(await who("lambda:UpdateAlias", functionArn("acme-api"))).toEqual([]);
    expect(
      await who("lambda:UpdateAlias", functionArn("acme-api"), { [STAGE_TAG]: "production" }),
    ).toEqual([]);
  });

  it("let Resolve, Shift, the API and the reconciler read a watched alias, and no one an unwatched one", async () => {
    expect((await who("lambda:GetAlias", functionArn("acme-api"), WATCHED)).sort()).toEqual(
      ["api", "reconciler", "resolve", "shift"].sort(),
    );
    expect(await who("lambda:GetAlias", functionArn("payments"), { team: "payments" })).toEqual([]);
  });

  it("read a watched function's version on the version's ARN, with GetFunction only (its own quota)", async () => {
    const version = `${functionArn("acme-api")}:7`;

    expect(await who("lambda:GetFunctionConfiguration", version, WATCHED)).toEqual([]);
    expect((await who("lambda:GetFunction", version, WATCHED)).sort()).toEqual(
      ["api", "shift", "verify"].sort(),
    );
    expect(await who("lambda:GetFunction", `${functionArn("payments")}:7`)).toEqual([]);
  });

  it("give no Ripcord function any other Lambda write, even on a watched function", async () => {
    for (const action of [
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:DeleteAlias",
      "lambda:CreateAlias",
      "lambda:PublishVersion",
      "lambda:AddPermission",
      "lambda:DeleteFunction",
      "lambda:TagResource",
    ]) {
      expect(await who(action, functionArn("acme-api"), WATCHED), action).toEqual([]);
    }
  });

  it("let only the reconciler invoke, and only the steps it keeps warm", async () => {
    expect(await who("lambda:InvokeFunction", stepArn("Stepresolve"))).toEqual(["reconciler"]);
    expect(await who("lambda:InvokeFunction", functionArn("acme-api"), WATCHED)).toEqual([]);
  });

  it("let only Invalidate create invalidations, and only on the configured distributions", async () => {
    const own = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2ACMEAPI00001`;
    const foreign = `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHERTEAM0001`;

    expect(await who("cloudfront:CreateInvalidation", own)).toEqual(["invalidate"]);
    expect(await who("cloudfront:GetInvalidation", own)).toEqual(["checkInvalidation"]);
    expect(await who("cloudfront:CreateInvalidation", foreign)).toEqual([]);
  });

  it("drop CloudFront statements entirely when no service has a distribution", () => {
    const none = policyContext({ distributionIds: [] });

    expect([
      ...statementsFor("invalidate", none),
      ...statementsFor("checkInvalidation", none),
    ]).toEqual([]);
  });

  it("keep the steps before the lock and Shift away from table writes; Notify writes progress only", async () => {
    const writers = await who("dynamodb:PutItem", ctx.table.arn);

    for (const fn of ["resolve", "verify", "shift"] as const) expect(writers).not.toContain(fn);
    expect(writers).toEqual(expect.arrayContaining(["lock", "record", "notify", "fail"]));
    expect(await who("dynamodb:DeleteItem", ctx.table.arn)).not.toContain("notify");
  });

  it("reach no table but Ripcord's own, querying its indexes on their ARNs", async () => {
    const foreign = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`;
    const index = `${ctx.table.arn}/index/${ctx.table.indexNames[0] ?? ""}`;

    for (const action of ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"]) {
      expect(await who(action, foreign), action).toEqual([]);
    }
    expect((await who("dynamodb:Query", index)).sort()).toEqual(
      ["api", "fail", "lock", "reconciler", "record"].sort(),
    );
  });

  it("let the trigger, the API and the reconciler start Ripcord's state machine and read the executions they start", async () => {
    const execution = `${executionArnPattern(ctx.stateMachineArn).slice(0, -1)}alarm-1`;
    const foreign = `arn:aws:states:${REGION}:${ACCOUNT}:execution:payments:run-1`;

    expect((await who("states:StartExecution", ctx.stateMachineArn)).sort()).toEqual([
      "api",
      "reconciler",
      "trigger",
    ]);
    expect((await who("states:DescribeExecution", execution)).sort()).toEqual([
      "api",
      "reconciler",
      "trigger",
    ]);
    expect(await who("states:StopExecution", execution)).toEqual(["api"]);
    expect(await who("states:DescribeExecution", foreign)).toEqual([]);
    expect(
      await who(
        "states:StartExecution",
        `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:payments`,
      ),
    ).toEqual([]);
  });

  it("let Verify, the API and the reconciler read Ripcord's own metric alarms, by prefix", async () => {
    const alarm = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;

    expect(
      (await who("cloudwatch:DescribeAlarms", alarm("ripcord-test-api-acme-api-latency"))).sort(),
    ).toEqual(["api", "reconciler", "verify"]);
    for (const name of [
      "payments-latency",
      "ripcord-health-test-failed-rollbacks",
      "ripcord-tester-x",
    ]) {
      expect(await who("cloudwatch:DescribeAlarms", alarm(name)), name).toEqual([]);
    }
  });

  it("give the state machine's role its own step functions to invoke and nothing else in Lambda", () => {
    const arns = STEP_FUNCTIONS.map(stepArn);

    const statements = stateMachineStatements([...arns, arns[0] ?? ""]);

    expect(statements).toEqual([{ actions: ["lambda:InvokeFunction"], resources: arns }]);
  });

  it("render statements, conditions included, as an IAM policy document", () => {
    const document = JSON.parse(policyDocument(statementsFor("shift", ctx)));

    expect(document).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["lambda:GetAlias", "lambda:UpdateAlias", "lambda:GetFunction"],
          Resource: [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:*`],
          Condition: { StringEquals: { "aws:ResourceTag/ripcord:stage": ["test"] } },
        },
      ],
    });
  });
});
