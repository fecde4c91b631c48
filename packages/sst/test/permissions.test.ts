/**
 * The permission table of `createUrl` (SST's function.ts) as permissionPlan() encodes it, for
 * every combination of Router, protection and authorization; guard.test.ts shows the resources.
 */
import { expect, test } from "vitest";
import { permissionPlan } from "../src/permissions.ts";

const DISTRIBUTION = "arn:aws:cloudfront::123456789012:distribution/E1";
const PUBLIC_URL = {
  suffix: "PublicFunctionUrlAccess",
  action: "lambda:InvokeFunctionUrl",
  principal: "*",
  functionUrlAuthType: "NONE",
};

test.each([
  {
    situation: "no Router, authorization none",
    routed: false,
    oac: false,
    authorization: "none",
    expected: [
      PUBLIC_URL,
      {
        suffix: "InvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
      },
    ],
  },
  {
    situation: "no Router, authorization iam",
    routed: false,
    oac: false,
    authorization: "iam",
    expected: [],
  },
  {
    situation: "unprotected Router, authorization none",
    routed: true,
    oac: false,
    authorization: "none",
    expected: [
      PUBLIC_URL,
      {
        suffix: "PublicInvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
      },
    ],
  },
  {
    situation: "unprotected Router, authorization iam",
    routed: true,
    oac: false,
    authorization: "iam",
    expected: [],
  },
  ...(["none", "iam"] as const).map((authorization) => ({
    situation: `OAC Router, authorization ${authorization}`,
    routed: true,
    oac: true,
    authorization,
    expected: [
      {
        suffix: "CloudFrontFunctionUrlAccess",
        action: "lambda:InvokeFunctionUrl",
        principal: "cloudfront.amazonaws.com",
        sourceArn: DISTRIBUTION,
      },
      {
        suffix: "CloudFrontInvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "cloudfront.amazonaws.com",
        sourceArn: DISTRIBUTION,
        invokedViaFunctionUrl: true,
      },
    ],
  })),
] as const)("$situation", ({ routed, oac, authorization, expected }) => {
  expect(
    permissionPlan({
      routed,
      oac,
      authorization,
      distributionArn: routed ? DISTRIBUTION : undefined,
    }),
  ).toEqual(expected);
});

test("an OAC Router without a distribution ARN falls back as SST's `oac && distributionArn` does", () => {
  expect(
    permissionPlan({ routed: true, oac: true, authorization: "none", distributionArn: undefined }),
  ).toEqual([PUBLIC_URL, expect.objectContaining({ suffix: "PublicInvokeFunction" })]);
  expect(
    permissionPlan({ routed: true, oac: true, authorization: "iam", distributionArn: "" }),
  ).toEqual([]);
});
