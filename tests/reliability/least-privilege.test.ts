import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defineConfig } from "@ripcord/core/config";
import { specs } from "@ripcord/core/alarms";
import { tableDefinition } from "@ripcord/core/aws/table";
import {
  FUNCTION_GRANTS,
  statementsFor,
  type PolicyContext,
  type RipcordFunction,
} from "../../infra/permissions.ts";
import { distributionIds, watchedAliases } from "../../infra/stage-config.ts";

// The statement-level checks (no wildcard action, no "*" resource on Lambda, CloudFront, DynamoDB or
// Step Functions, only Shift updates aliases, only the watched ones) live in tests/infra; they run
// here too, so the reliability suite covers least privilege in full.
import "../infra/iam.test.ts";

/*
 * What the statements allow, evaluated the way IAM matches them (`*` and `?` in ARNs), rather than
 * what they say: a pattern that reads right can still match an ARN it should not.
 */

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:`;
const FUNCTIONS = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];

/** Watched functions whose names are prefixes of each other and of functions Ripcord must not touch. */
const config = defineConfig({
  services: {
    shop: {
      functions: [
        { name: "api", alias: "live" },
        { name: "api-worker", alias: "live" },
      ],
      cloudfront: { distributionId: "E1SHOP0000TEST", paths: ["/*"] },
    },
    blog: { functions: [{ name: "blog", alias: "production" }] },
  },
});
const tableArn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ripcord-rel`;
const stateMachineArn = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:ripcord-rel-rollback`;
const ctx: PolicyContext = {
  partition: "aws",
  region: REGION,
  account: ACCOUNT,
  table: {
    arn: tableArn,
    indexNames: tableDefinition("ripcord-rel").create.GlobalSecondaryIndexes.map(
      (index) => index.IndexName ?? "",
    ),
  },
  topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:ripcord-rel-topic`,
  stateMachineArn,
  watched: watchedAliases(config),
  distributionIds: distributionIds(config),
  alarmNames: specs(config, { prefix: "ripcord-rel", latencyStatistic: "p99" }).map(
    (spec) => spec.name,
  ),
  warmFunctionArns: ["resolve", "lock", "verify", "shift"].map(
    (step) => `${FUNCTION_ARN}ripcord-rel-${step}`,
  ),
  deadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:ripcord-rel-dead-letters`,
};

/** IAM's ARN matching: `*` any run of characters (including none), `?` any one character, the rest literal. */
function matches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replaceAll("*", ".*")
    .replaceAll("?", ".");
  return new RegExp(`^${regex}$`).test(arn);
}

function allowed(fn: RipcordFunction, action: string, arn: string): boolean {
  return statementsFor(fn, ctx).some(
    (s) => s.actions.some((a) => matches(a, action)) && s.resources.some((r) => matches(r, arn)),
  );
}

function whoMay(action: string, arn: string): RipcordFunction[] {
  return FUNCTIONS.filter((fn) => allowed(fn, action, arn));
}

describe("least privilege, as IAM would evaluate the policies infra builds", () => {
  it("lets only Shift update an alias, and only a watched one", () => {
    for (const watched of ["api:live", "api-worker:live", "blog:production"]) {
      expect(whoMay("lambda:UpdateAlias", `${FUNCTION_ARN}${watched}`), watched).toEqual(["shift"]);
    }
    const untouchable = [
      "api:staging",
      "api-admin:live",
      "api-worker-2:live",
      "apiworker:live",
      "blog:live",
      "api",
      "other-team:live",
      "api:live:extra",
    ];
    for (const arn of untouchable)
      expect(whoMay("lambda:UpdateAlias", `${FUNCTION_ARN}${arn}`), arn).toEqual([]);
  });

  it("reads versions only of watched functions, never of a function whose name merely starts the same", () => {
    expect(whoMay("lambda:GetFunctionConfiguration", `${FUNCTION_ARN}api:7`).sort()).toEqual([
      "api",
      "shift",
    ]);
    for (const arn of ["api-admin:7", "apiary:7", "other:7"]) {
      expect(whoMay("lambda:GetFunctionConfiguration", `${FUNCTION_ARN}${arn}`), arn).toEqual([]);
    }
  });

  it("gives no Ripcord function any other Lambda write, on any function", () => {
    const writes = [
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:DeleteAlias",
      "lambda:CreateAlias",
      "lambda:PublishVersion",
      "lambda:AddPermission",
      "lambda:DeleteFunction",
    ];
    for (const action of writes)
      expect(whoMay(action, `${FUNCTION_ARN}api:live`), action).toEqual([]);
  });

  it("reaches no table, state machine or distribution but Ripcord's own", () => {
    const foreign: Array<[string, string]> = [
      ["dynamodb:PutItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`],
      ["dynamodb:GetItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/ripcord-rel-copy`],
      ["dynamodb:DeleteItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/index/byTime`],
      ["states:StartExecution", `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:payments`],
      ["states:StopExecution", `arn:aws:states:${REGION}:${ACCOUNT}:execution:payments:run-1`],
      [
        "cloudfront:CreateInvalidation",
        `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHERTEAM0001`,
      ],
    ];
    for (const [action, arn] of foreign)
      expect(whoMay(action, arn), `${action} ${arn}`).toEqual([]);
    expect(whoMay("states:StartExecution", stateMachineArn).sort()).toEqual([
      "api",
      "reconciler",
      "trigger",
    ]);
    expect(
      whoMay(
        "cloudfront:CreateInvalidation",
        `arn:aws:cloudfront::${ACCOUNT}:distribution/E1SHOP0000TEST`,
      ),
    ).toEqual(["invalidate"]);
  });

  it("lets the reconciler read only Ripcord's own alarms and start only Ripcord's state machine (re-checks)", () => {
    const own = ctx.alarmNames.map(
      (name) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    );
    const foreign = [
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:payments-latency`,
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:ripcord-rel-other-api-latency`,
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`,
    ];

    expect(own.length).toBeGreaterThan(0);
    for (const arn of own)
      expect(allowed("reconciler", "cloudwatch:DescribeAlarms", arn), arn).toBe(true);
    for (const arn of foreign)
      expect(allowed("reconciler", "cloudwatch:DescribeAlarms", arn), arn).toBe(false);
    expect(allowed("reconciler", "states:StartExecution", stateMachineArn)).toBe(true);
    expect(
      allowed(
        "reconciler",
        "states:StartExecution",
        `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:payments`,
      ),
    ).toBe(false);
    expect(
      allowed(
        "reconciler",
        "states:StopExecution",
        `arn:aws:states:${REGION}:${ACCOUNT}:execution:ripcord-rel-rollback:run-1`,
      ),
    ).toBe(false);
  });

  it("wires every Ripcord function's role from these statements, and no SST link adds grants beside them", () => {
    const infra = new URL("../../infra/", import.meta.url);
    const sources = readdirSync(infra)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => [file, readFileSync(new URL(file, infra), "utf8")] as const);

    const constructed = sources
      .filter(([, text]) => text.includes("new sst.aws.Function("))
      .map(([file]) => file)
      .sort();
    const linked = sources.filter(([, text]) => /\blink\s*:/.test(text)).map(([file]) => file);

    // functions.ts builds every Ripcord function with `permissions: statementsFor(...)`; demo.ts is the watched demo app.
    expect(constructed).toEqual(["demo.ts", "functions.ts"]);
    expect(linked).toEqual([]);
  });
});
