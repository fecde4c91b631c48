/**
 * Discovery by tag at deploy time, through the SST platform's own @pulumi/aws under Pulumi's mocks:
 * the invokes infra/discovery.ts makes (getResources with the two tag filters, getFunction for a
 * named function) are answered by the mocks' `call` handler from a small fake account.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { platformPulumi } from "../../packages/sst/test/support/platform.ts";

vi.mock("@pulumi/pulumi", () => platformPulumi("pulumi"));
vi.mock("@pulumi/aws", () => platformPulumi("aws"));

import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { defineConfig, fromEnv, type ConfigInput } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import { discoverFunctions } from "../../infra/discovery.ts";
import { bundledConfigJson } from "../../infra/stage-config.ts";

const STAGE = "production";
const ACCOUNT = "123456789012";
const arn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

/** The account's functions and their tags. */
const account = new Map<string, Record<string, string>>([
  ["shop-production-Api-a1b2c3", { "ripcord:service": "api", "ripcord:stage": STAGE }],
  ["shop-production-Worker-d4e5f6", { "ripcord:service": "api", "ripcord:stage": STAGE }],
  ["shop-staging-Api-0f0f0f", { "ripcord:service": "api", "ripcord:stage": "staging" }],
  ["site-production-Server-9a9a9a", { "ripcord:service": "site", "ripcord:stage": STAGE }],
  ["legacy-billing", { team: "billing" }],
  ["billing-half-tagged", { "ripcord:service": "billing" }],
]);

interface Call {
  token: string;
  inputs: Record<string, unknown>;
}
const calls: Call[] = [];

/** GetResources as the tagging API answers it: resources carrying every filter's key with one of its values. */
function getResources(inputs: Record<string, unknown>) {
  const filters = z_filters(inputs.tagFilters);
  const matching = [...account].filter(([, tags]) =>
    filters.every(({ key, values }) => values.includes(tags[key] ?? "")),
  );
  return {
    id: "us-east-1",
    region: "us-east-1",
    resourceTagMappingLists: matching.map(([name, tags]) => ({
      resourceArn: arn(name),
      tags,
      complianceDetails: [],
    })),
  };
}

function z_filters(value: unknown): { key: string; values: string[] }[] {
  if (!Array.isArray(value)) throw new Error("getResources without tagFilters");
  return value.map((filter: { key: string; values: string[] }) => filter);
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => {
        calls.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
        if (args.token === "aws:resourcegroupstaggingapi/getResources:getResources")
          return getResources(args.inputs as Record<string, unknown>);
        if (args.token === "aws:lambda/getFunction:getFunction") {
          const name = String((args.inputs as Record<string, unknown>).functionName);
          const tags = account.get(name);
          if (!tags) throw new Error(`ResourceNotFoundException: Function not found: ${arn(name)}`);
          return { functionName: name, arn: arn(name), tags };
        }
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "ripcord",
    STAGE,
    false,
  );
});

function discover(input: ConfigInput) {
  calls.length = 0;
  return discoverFunctions(defineConfig(input), STAGE, aws);
}

/** The ConfigError a deploy fails with (the test fails when it resolves). */
async function refusal(input: ConfigInput): Promise<string> {
  const error: unknown = await discover(input).then(
    () => new Error("the deploy was not refused"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error instanceof Error ? error.message : String(error);
}

describe("discovery by tag at deploy time", () => {
  it("finds a service's functions by ripcord:service and this stage's ripcord:stage", async () => {
    const config = await discover({
      services: { api: { signal: "url" }, site: { signal: "url", watchOnly: true } },
    });

    expect(config.services.api?.functions).toEqual([
      { name: "shop-production-Api-a1b2c3", alias: "production" },
      { name: "shop-production-Worker-d4e5f6", alias: "production" },
    ]);
    expect(config.services.site?.functions).toEqual([
      { name: "site-production-Server-9a9a9a", alias: "$LATEST" },
    ]);
    const lookups = calls.filter((c) => c.token.includes("getResources"));
    expect(lookups.map((c) => c.inputs)).toContainEqual({
      resourceTypeFilters: ["lambda:function"],
      tagFilters: [
        { key: "ripcord:service", values: ["api"] },
        { key: "ripcord:stage", values: [STAGE] },
      ],
    });
  });

  it("gives the functions the resolved names: the bundled config names every function", async () => {
    const config = await discover({ services: { api: { signal: "url", alias: "live" } } });

    const bundled = fromEnv({ RIPCORD_CONFIG: bundledConfigJson(config) });

    expect(bundled.services.api?.functions.map((fn) => `${fn.name}:${fn.alias}`)).toEqual([
      "shop-production-Api-a1b2c3:live",
      "shop-production-Worker-d4e5f6:live",
    ]);
  });

  it("checks that named functions carry both tags, and reads nothing by tag for them", async () => {
    const config = await discover({
      services: { api: { signal: "url", functions: [{ name: "shop-production-Api-a1b2c3" }] } },
    });

    expect(config.services.api?.functions).toEqual([
      { name: "shop-production-Api-a1b2c3", alias: "production" },
    ]);
    expect(calls.map((c) => c.token)).toEqual(["aws:lambda/getFunction:getFunction"]);
  });

  it("fails the deploy for a named function without the tags, naming function, service and tag", async () => {
    const message = await refusal({
      services: {
        billing: {
          signal: "lambda",
          functions: [{ name: "legacy-billing" }, { name: "billing-half-tagged" }],
        },
        api: { signal: "url", functions: [{ name: "shop-staging-Api-0f0f0f" }] },
      },
    });

    expect(message).toContain(
      'function "legacy-billing" of service "billing": it has no "ripcord:service" tag; it has no "ripcord:stage" tag. Tag it ripcord:service=billing and ripcord:stage=production',
    );
    expect(message).toContain(
      'function "billing-half-tagged" of service "billing": it has no "ripcord:stage" tag.',
    );
    expect(message).toContain(
      'function "shop-staging-Api-0f0f0f" of service "api": its "ripcord:stage" tag is "staging", not "production"',
    );
  });

  it("fails the deploy for a service with no function found, naming the service and the tags", async () => {
    const message = await refusal({ services: { orders: { signal: "lambda" } } });

    expect(message).toContain(
      'service "orders" names no functions and no Lambda function is tagged ripcord:service=orders and ripcord:stage=production',
    );
  });

  it("fails the deploy for a named function that does not exist, with the provider's error as cause", async () => {
    const error: unknown = await discover({
      services: { api: { signal: "url", functions: [{ name: "nowhere" }] } },
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('function "nowhere" of service "api" could not be read');
    expect(error instanceof Error ? error.cause : undefined).toBeInstanceOf(Error);
  });

  it("refuses a function tagged for one service and named by another", async () => {
    const message = await refusal({
      services: {
        api: { signal: "url" },
        web: { signal: "url", functions: [{ name: "shop-production-Api-a1b2c3" }] },
      },
    });

    expect(message).toContain(
      'function "shop-production-Api-a1b2c3" of service "web": its "ripcord:service" tag is "api", not "web"',
    );
  });
});
