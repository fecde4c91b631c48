import { describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

/*
 * A service's functions: named, or left out so the deploy finds them by tag; and watch-only
 * services, read on $LATEST. Inputs go in untyped: what a hand-edited file holds.
 */

function config(checkout: Record<string, unknown>): unknown {
  return { services: { checkout: { signal: "url", ...checkout } } };
}

/** The ConfigError the input is refused with (the test fails when it is accepted). */
function refusal(input: unknown): string {
  try {
    Config.parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error("the config was accepted");
}

describe("a service's functions", () => {
  it("may be left out: the parsed service has none yet, on the production alias", () => {
    const service = Config.parseConfig(config({})).services.checkout;

    expect(service?.functions).toEqual([]);
    expect(service?.alias).toBe("production");
    expect(service?.watchOnly).toBe(false);
  });

  it("refuses an empty list, saying that leaving it out finds them by tag", () => {
    expect(refusal(config({ functions: [] }))).toContain(
      "services.checkout.functions: a service needs at least one function: name them, or omit functions so the deploy finds them by their ripcord:service and ripcord:stage tags",
    );
  });

  it("take the service's alias unless they name their own", () => {
    const service = Config.parseConfig(
      config({ alias: "live", functions: [{ name: "web" }, { name: "worker", alias: "prod" }] }),
    ).services.checkout;

    expect(service?.functions).toEqual([
      { name: "web", alias: "live" },
      { name: "worker", alias: "prod" },
    ]);
  });

  it("refuses $LATEST as the alias of a service that rolls back", () => {
    const message = refusal(config({ functions: [{ name: "web", alias: "$LATEST" }] }));

    expect(message).toContain("services.checkout.functions.0.alias: $LATEST is not an alias");
    expect(message).toContain("set watchOnly: true");
  });

  it("refuses an alias name Lambda would refuse", () => {
    expect(refusal(config({ alias: "123" }))).toContain(
      "services.checkout.alias: a Lambda alias name",
    );
  });

  it("must be named in the config the Ripcord functions read (infra resolves them at deploy)", () => {
    const raw = JSON.stringify(config({}));

    expect(() => Config.fromEnv({ RIPCORD_CONFIG: raw })).toThrow(
      /service\(s\) "checkout" name no functions/,
    );
  });
});

describe("a watch-only service", () => {
  it("is read on $LATEST: every function's qualifier, found by tag or named", () => {
    const named = Config.parseConfig(
      config({ watchOnly: true, functions: [{ name: "site-server" }] }),
    ).services.checkout;
    const found = Config.parseConfig(config({ watchOnly: true })).services.checkout;

    expect(named?.functions).toEqual([{ name: "site-server", alias: "$LATEST" }]);
    expect(named?.alias).toBe("$LATEST");
    expect(found?.functions).toEqual([]);
    expect(found?.alias).toBe("$LATEST");
  });

  it("refuses an alias, on the service or a function, and says why", () => {
    const message = refusal(
      config({ watchOnly: true, alias: "production", functions: [{ name: "a", alias: "live" }] }),
    );

    expect(message).toContain(
      'services.checkout.alias: a watch-only service has no alias: Ripcord reads its metrics on <FunctionName>:$LATEST and never shifts it; remove "production"',
    );
    expect(message).toContain("services.checkout.functions.0.alias: a watch-only service");
  });

  it("refuses a CloudFront invalidation, which only follows a shift", () => {
    expect(
      refusal(config({ watchOnly: true, cloudfront: { distributionId: "E2ABCDEF123456" } })),
    ).toContain("services.checkout.cloudfront: a watch-only service never shifts");
  });

  it("refuses a watchOnly that is not a boolean", () => {
    expect(refusal(config({ watchOnly: "yes" }))).toContain("services.checkout.watchOnly");
  });
});

describe("a parsed config", () => {
  it.each([
    ["named functions", config({ functions: [{ name: "web" }, { name: "w", alias: "live" }] })],
    ["a service alias", config({ alias: "live", functions: [{ name: "web" }] })],
    ["a watch-only service", config({ watchOnly: true, functions: [{ name: "site" }] })],
  ])("parses again unchanged (%s): infra re-parses what it adds to", (_, input) => {
    const parsed = Config.parseConfig(input);

    expect(Config.parseConfig(parsed)).toEqual(parsed);
  });
});
