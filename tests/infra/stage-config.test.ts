import { describe, expect, it } from "vitest";
import ripcordConfig from "../../ripcord.config.ts";
import { defineConfig, fromEnv } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import {
  DEMO_SERVICE,
  bundledConfigJson,
  compactConfig,
  distributionIds,
  watchedAliases,
  withDemo,
} from "../../infra/stage-config.ts";

const demo = { functionName: "ripcord-test-demo", distributionId: "E1DEMO0000TEST" };

describe("the config a stage deploys", () => {
  it("adds the demo service, watched on its production alias, behind its distribution", () => {
    const config = withDemo(ripcordConfig, demo);

    expect(Object.keys(config.services).sort()).toEqual(["api", DEMO_SERVICE]);
    expect(watchedAliases(config)).toContainEqual({
      name: "ripcord-test-demo",
      alias: "production",
    });
    expect(distributionIds(config).sort()).toEqual(["E1DEMO0000TEST", "E2ACMEAPI00001"]);
  });

  it("leaves the distribution out while its id is not known yet", () => {
    const config = withDemo(ripcordConfig, { functionName: demo.functionName });

    expect(config.services[DEMO_SERVICE]?.cloudfront).toBeUndefined();
    expect(distributionIds(config)).toEqual(["E2ACMEAPI00001"]);
  });

  it("refuses a user service named like the demo", () => {
    const clash = defineConfig({
      services: { [DEMO_SERVICE]: { signal: "lambda", functions: [{ name: "mine" }] } },
    });

    expect(() => withDemo(clash, demo)).toThrow(ConfigError);
  });

  it("gives the functions exactly the config, with defaults stripped from the JSON", () => {
    const config = withDemo(ripcordConfig, demo);

    const value = bundledConfigJson(config);

    expect(fromEnv({ RIPCORD_CONFIG: value })).toEqual(config);
    expect(value.length).toBeLessThan(JSON.stringify(config).length);
    expect(value).not.toContain("maxRollbacksPerDay");
  });

  it("keeps every value that differs from its default", () => {
    const config = defineConfig({
      services: {
        shop: {
          signal: "lambda",
          functions: [{ name: "shop-web", alias: "live" }],
          cloudfront: { distributionId: "E3SHOP00000001", paths: ["/shop/*"] },
          alarms: { errorRatePercent: 2, evaluationPeriods: 5, datapointsToAlarm: 3 },
          policy: { dryRun: true, onInconclusive: "rollback" },
          notify: { sns: false, webhookUrl: "https://hooks.example.com/ripcord" },
        },
      },
      api: { auth: "iam" },
    });

    const compact = compactConfig(config);

    expect(defineConfig(compact)).toEqual(config);
    expect(compact.api).toEqual({ auth: "iam" });
    expect(compact.services.shop?.functions).toEqual([{ name: "shop-web", alias: "live" }]);
  });

  it("keeps a service's alias and a watch-only service, each said once", () => {
    const config = defineConfig({
      services: {
        shop: {
          signal: "url",
          alias: "live",
          functions: [{ name: "shop-web" }, { name: "shop-worker", alias: "prod" }],
        },
        site: { signal: "url", watchOnly: true, functions: [{ name: "site-server" }] },
      },
    });

    const compact = compactConfig(config);

    expect(fromEnv({ RIPCORD_CONFIG: bundledConfigJson(config) })).toEqual(config);
    expect(compact.services.shop).toEqual({
      signal: "url",
      alias: "live",
      functions: [{ name: "shop-web" }, { name: "shop-worker", alias: "prod" }],
    });
    expect(compact.services.site).toEqual({
      signal: "url",
      watchOnly: true,
      functions: [{ name: "site-server" }],
    });
  });
});
