import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  FUNCTION_GRANTS,
  STAGE_TAG,
  statementsFor,
  type RipcordFunction,
} from "../../infra/permissions.ts";
import { evaluate } from "../support/iam.ts";
import { policyContext } from "../support/policy-context.ts";

/*
 * What the policies allow, evaluated by an IAM policy simulator (iam-simulate) rather than read:
 * functions whose names are prefixes of each other, other stages, other teams' resources. The
 * SAR checks are in tests/infra/iam.test.ts; every call the suite makes is checked in tests/iam.
 */

const ctx = policyContext({}, { region: "eu-west-1", account: "123456789012", stage: "rel" });
const { region: REGION, account: ACCOUNT } = ctx;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:`;
const FUNCTIONS = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];

/** The tags each function carries: watched ones by this stage, others by another stage or none. */
const TAGS: Record<string, Record<string, string>> = {
  api: { [STAGE_TAG]: "rel", "ripcord:service": "shop" },
  "api-worker": { [STAGE_TAG]: "rel", "ripcord:service": "shop" },
  blog: { [STAGE_TAG]: "rel", "ripcord:service": "blog" },
  "api-admin": {},
  apiary: { team: "bees" },
  "api-staging": { [STAGE_TAG]: "staging", "ripcord:service": "shop" },
};

async function whoMay(action: string, name: string, qualifier?: string) {
  const resource = `${FUNCTION_ARN}${name}${qualifier ? `:${qualifier}` : ""}`;
  const allowed: RipcordFunction[] = [];
  for (const fn of FUNCTIONS) {
    const decision = await evaluate(statementsFor(fn, ctx), {
      action,
      resource,
      resourceTags: TAGS[name] ?? {},
    });
    if (decision === "Allowed") allowed.push(fn);
  }
  return allowed.sort();
}

describe("least privilege, as an IAM policy simulator evaluates the policies infra builds", () => {
  it("lets only Shift update an alias, and only of a function this stage watches", async () => {
    for (const watched of ["api", "api-worker", "blog"]) {
      expect(await whoMay("lambda:UpdateAlias", watched), watched).toEqual(["shift"]);
    }
    for (const other of ["api-admin", "apiary", "api-staging"]) {
      expect(await whoMay("lambda:UpdateAlias", other), other).toEqual([]);
    }
  });

  it("reads versions only of watched functions, never of one whose name merely starts the same", async () => {
    expect(await whoMay("lambda:GetFunctionConfiguration", "api", "7")).toEqual([]);
    expect(await whoMay("lambda:GetFunction", "api", "7")).toEqual(["api", "shift", "verify"]);
    for (const other of ["api-admin", "apiary", "api-staging"]) {
      expect(await whoMay("lambda:GetFunctionConfiguration", other, "7"), other).toEqual([]);
      expect(await whoMay("lambda:GetFunction", other, "7"), other).toEqual([]);
    }
  });

  it("gives no Ripcord function any other Lambda write, on any function", async () => {
    for (const action of [
      "lambda:UpdateFunctionCode",
      "lambda:UpdateFunctionConfiguration",
      "lambda:DeleteAlias",
      "lambda:CreateAlias",
      "lambda:PublishVersion",
      "lambda:AddPermission",
      "lambda:DeleteFunction",
      "lambda:UntagResource",
    ]) {
      expect(await whoMay(action, "api"), action).toEqual([]);
    }
  });

  it("reaches no table, state machine, execution or distribution but Ripcord's own", async () => {
    const foreign: [string, string][] = [
      ["dynamodb:PutItem", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`],
      ["dynamodb:GetItem", `${ctx.table.arn}-copy`],
      ["dynamodb:Query", `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders/index/byTime`],
      ["states:StartExecution", `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:payments`],
      ["states:StopExecution", `arn:aws:states:${REGION}:${ACCOUNT}:execution:payments:run-1`],
      ["states:DescribeExecution", `arn:aws:states:${REGION}:${ACCOUNT}:execution:payments:run-1`],
      ["cloudfront:CreateInvalidation", `arn:aws:cloudfront::${ACCOUNT}:distribution/EOTHER0001`],
      ["sns:Publish", `arn:aws:sns:${REGION}:${ACCOUNT}:payments-alerts`],
      ["cloudwatch:DescribeAlarms", `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:payments-5xx`],
    ];
    for (const [action, resource] of foreign) {
      for (const fn of FUNCTIONS) {
        const decision = await evaluate(statementsFor(fn, ctx), { action, resource });
        expect(decision, `${fn}: ${action} ${resource}`).not.toBe("Allowed");
      }
    }
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
