import { describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

/* The pure half of discovery by tag; the provider's invokes are tested in tests/infra/discovery.test.ts. */

describe("a function's name from the tagging API's ARN", () => {
  it("takes unqualified and qualified ARNs, in any partition", () => {
    expect(Config.functionNameOfArn("arn:aws:lambda:eu-west-1:123456789012:function:api")).toBe(
      "api",
    );
    expect(
      Config.functionNameOfArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:api:prod"),
    ).toBe("api");
  });

  it("refuses what is not a Lambda function ARN", () => {
    expect(() =>
      Config.functionNameOfArn("arn:aws:lambda:eu-west-1:123456789012:layer:deps:3"),
    ).toThrow(ConfigError);
    expect(() => Config.functionNameOfArn("arn:aws:s3:::bucket")).toThrow(ConfigError);
  });
});

describe("resolving a config's functions", () => {
  const lookup = (found: string[]): Config.FunctionLookup => ({
    tagged: async () => found,
    tagsOf: async () => ({}),
  });

  it("names the found functions once each, sorted, so every deploy plans the same alarms", async () => {
    const config = Config.defineConfig({ services: { api: { signal: "lambda" } } });

    const resolved = await Config.resolveFunctions(config, "prod", lookup(["b", "a", "b"]));

    expect(resolved.services.api?.functions.map((fn) => fn.name)).toEqual(["a", "b"]);
  });

  it("says nothing about a named function that carries both tags", () => {
    const tags = Config.watchTags("api", "prod");

    expect(Config.tagProblem("fn", "api", tags, { ...tags, team: "x" })).toBeUndefined();
    expect(Config.tagProblem("fn", "api", tags, {})).toContain(
      'function "fn" of service "api": it has no "ripcord:service" tag; it has no "ripcord:stage" tag',
    );
  });
});
