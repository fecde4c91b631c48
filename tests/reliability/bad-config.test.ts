import { describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { Lambda, Store } from "@ripcord/core/aws";
import { ConfigError } from "@ripcord/core/errors";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { asLambdaTask } from "@ripcord/local/stepfunctions/index";
import ripcordConfig from "../../ripcord.config.ts";
import { failureOf } from "../support/failure.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { specOf } from "./support/service.ts";
import { alarmFires, deliver } from "./support/trigger.ts";
import { alarmInput } from "./support/workflow.ts";

/*
 * An invalid ripcord.config.ts is refused with every bad field named, before Ripcord touches AWS:
 * at deploy (defineConfig) and, should a bad config reach a function (RIPCORD_CONFIG), in the function.
 */

const fn = { name: "checkout-api", alias: "production" };

/** Config inputs deliberately outside the schema's type: what a hand-edited file can contain. */
const invalid: Array<[string, unknown, RegExp]> = [
  ["no services", { services: {} }, /services: declare at least one service/],
  [
    "a service name with capitals",
    { services: { Checkout: { signal: "lambda", functions: [fn] } } },
    /services\.Checkout: a service name \(lower-case letters/,
  ],
  [
    "a service without functions",
    { services: { checkout: { signal: "lambda", functions: [] } } },
    /services\.checkout\.functions: a service needs at least one function/,
  ],
  [
    "a function listed twice",
    { services: { checkout: { signal: "lambda", functions: [fn, fn] } } },
    /functions\.1\.name: function "checkout-api" is listed twice/,
  ],
  [
    "a function watched by two services",
    {
      services: {
        a: { signal: "lambda", functions: [fn] },
        b: { signal: "lambda", functions: [fn] },
      },
    },
    /already belongs to service "a"/,
  ],
  [
    "an alias of digits only",
    {
      services: {
        checkout: { signal: "lambda", functions: [{ name: "checkout-api", alias: "7" }] },
      },
    },
    /functions\.0\.alias: a Lambda alias name/,
  ],
  [
    "a function name with a slash",
    { services: { checkout: { signal: "lambda", functions: [{ name: "../checkout" }] } } },
    /functions\.0\.name: a Lambda function name/,
  ],
  [
    "more datapoints than periods",
    {
      services: {
        checkout: {
          signal: "lambda",
          functions: [fn],
          alarms: { evaluationPeriods: 2, datapointsToAlarm: 3 },
        },
      },
    },
    /datapointsToAlarm \(3\) cannot exceed evaluationPeriods \(2\)/,
  ],
  [
    "a negative error rate",
    {
      services: {
        checkout: { signal: "lambda", functions: [fn], alarms: { errorRatePercent: -1 } },
      },
    },
    /alarms\.errorRatePercent/,
  ],
  [
    "a latency threshold as a string",
    {
      services: { checkout: { signal: "lambda", functions: [fn], alarms: { latencyMs: "1500" } } },
    },
    /alarms\.latencyMs/,
  ],
  [
    "a period that is not a minute multiple",
    {
      services: { checkout: { signal: "lambda", functions: [fn], alarms: { periodSeconds: 45 } } },
    },
    /alarms\.periodSeconds/,
  ],
  [
    "a cap of zero rollbacks",
    {
      services: {
        checkout: { signal: "lambda", functions: [fn], policy: { maxRollbacksPerDay: 0 } },
      },
    },
    /policy\.maxRollbacksPerDay/,
  ],
  [
    "an unknown policy key",
    {
      services: { checkout: { signal: "lambda", functions: [fn], policy: { autoRollback: true } } },
    },
    /policy: Unrecognized key/,
  ],
  [
    "a malformed distribution id",
    {
      services: {
        checkout: {
          signal: "lambda",
          functions: [fn],
          cloudfront: { distributionId: "e2-lowercase" },
        },
      },
    },
    /cloudfront\.distributionId: a CloudFront distribution id/,
  ],
  [
    "an invalidation path without a slash",
    {
      services: {
        checkout: {
          signal: "lambda",
          functions: [fn],
          cloudfront: { distributionId: "E2ABCDEF123456", paths: ["api/*"] },
        },
      },
    },
    /paths\.0: invalidation paths start with \//,
  ],
  [
    "a webhook that is not http(s)",
    {
      services: {
        checkout: {
          signal: "lambda",
          functions: [fn],
          notify: { webhookUrl: "ftp://example.com/hook" },
        },
      },
    },
    /notify\.webhookUrl/,
  ],
  ["not an object", "services: checkout", /\(root\)/],
];

describe("an invalid ripcord.config.ts is refused with each bad field named", () => {
  for (const [what, input, named] of invalid) {
    it(`refuses ${what}`, () => {
      // Act: the input is what a hand-edited file might hold, so it goes through the parser untyped.
      const error = (() => {
        try {
          Config.defineConfig(JSON.parse(JSON.stringify(input)));
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();

      // Assess
      expect(error).toBeInstanceOf(ConfigError);
      expect(String(error)).toMatch(named);
      expect(String(error)).toContain("Fix the fields above");
    });
  }

  it("accepts the config in the repository", () => {
    expect(Object.keys(ripcordConfig.services).length).toBeGreaterThan(0);
  });
});

describe("a bad RIPCORD_CONFIG reaching a function stops it before any AWS call", () => {
  // The harness puts RIPCORD_CONFIG back after each test.
  const { fixture, endpoint, proxy } = useReliabilityHarness({
    service: { scope: "test" },
    stateMachine: "test",
    proxy: { seed: 1 },
  });

  const badConfigs: Array<[string, string]> = [
    ["not JSON", "{services:"],
    [
      "JSON of an invalid config",
      JSON.stringify({ services: { checkout: { signal: "lambda", functions: [] } } }),
    ],
  ];

  for (const [what, raw] of badConfigs) {
    it(`the trigger fails loudly (EventBridge retries, then the dead-letter queue) with ${what}, starting nothing`, async () => {
      const event = await alarmFires(specOf(fixture, "errorRate"), fixture.now);
      process.env.RIPCORD_CONFIG = raw;

      const error = await through(proxy, () => failureOf(deliver(event)));

      expect(String(error)).toMatch(/ConfigError/);
      expect(endpoint.executions()).toEqual([]);
    });

    it(`a step fails with ${what} before touching AWS, leaving the alias and the table as they were`, async () => {
      process.env.RIPCORD_CONFIG = raw;
      const resolve = asLambdaTask(
        "arn:aws:lambda:us-east-1:123456789012:function:ripcord-rel-resolve",
        STEP_HANDLERS.resolve,
      );

      const error = await through(proxy, () => failureOf(resolve(alarmInput(fixture))));

      expect(String(error)).toMatch(/ConfigError/);
      expect(proxy.count(proxy.seen, "lambda") + proxy.count(proxy.seen, "dynamodb")).toBe(0);
      expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
      expect((await Store.listRollbacks({ service: fixture.service, limit: 5 })).items).toEqual([]);
    });
  }
});
