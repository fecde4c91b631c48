import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { specs } from "@ripcord/core/alarms";
import { CloudWatch, Clients } from "@ripcord/core/aws";
import { defineConfig, type RipcordConfig } from "@ripcord/core/config";
import { alarmEventPatternJson, EVENT_PATTERN_MAX_LENGTH } from "../../infra/alarm-events.ts";
import { baseEnvironment } from "../../infra/environment.ts";
import {
  environmentBytes,
  fittingEnvironment,
  fittingPolicy,
  LAMBDA_ENVIRONMENT_MAX_BYTES,
  policyChars,
  ROLE_POLICY_MAX_CHARS,
  SST_ENVIRONMENT_MARGIN_BYTES,
  SST_POLICY_MARGIN_CHARS,
} from "../../infra/limits.ts";
import { FUNCTION_GRANTS, statementsFor, type RipcordFunction } from "../../infra/permissions.ts";
import { bundledConfigJson, distributionIds } from "../../infra/stage-config.ts";
import { policyContext } from "../support/policy-context.ts";

/*
 * A stage watching 200 functions (40 services of 5, each behind its own CloudFront distribution,
 * function names as long as SST's generated ones), rendered as infra renders it, against every
 * AWS limit that could grow with it.
 */

const STAGE = "production";
const SERVICES = 40;
const PER_SERVICE = 5;

function watching(services: number, perService: number): RipcordConfig {
  return defineConfig({
    services: Object.fromEntries(
      Array.from({ length: services }, (_, s) => [
        `service-${String(s).padStart(2, "0")}`,
        {
          signal: "url" as const,
          // SST names functions <app>-<stage>-<Component>Function-<hash>: up to 64 characters.
          functions: Array.from({ length: perService }, (_, f) => ({
            name: `acme-production-Service${s}Handler${f}Function-${"x".repeat(20)}`.slice(0, 64),
          })),
          cloudfront: { distributionId: `E${String(s).padStart(13, "0")}`, paths: ["/api/*"] },
        },
      ]),
    ),
  });
}

const config = watching(SERVICES, PER_SERVICE);
const one = watching(1, 1);
const ROLES = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];

function ctxFor(watched: RipcordConfig) {
  return policyContext(
    { distributionIds: distributionIds(watched) },
    { region: "ap-southeast-2", account: "123456789012", stage: STAGE },
  );
}

describe("a stage watching 200 functions fits every AWS limit", () => {
  it("watches 200 functions", () => {
    const functions = Object.values(config.services).flatMap((service) => service.functions);

    expect(functions).toHaveLength(200);
  });

  it("keeps each role's inline policy under IAM's 10,240 characters, with room for what SST adds", () => {
    const sizes = Object.fromEntries(
      ROLES.map((role) => [role, policyChars(statementsFor(role, ctxFor(config)))]),
    );
    console.log(`policy characters per role at 200 functions: ${JSON.stringify(sizes)}`);

    for (const role of ROLES) {
      const size = sizes[role] ?? Infinity;
      expect(size, role).toBeLessThanOrEqual(ROLE_POLICY_MAX_CHARS - SST_POLICY_MARGIN_CHARS);
      expect(() => fittingPolicy(role, statementsFor(role, ctxFor(config)))).not.toThrow();
    }
  });

  it("counts no fewer characters than the inline policy SST renders, which has the same statements", () => {
    // SST passes a function's `permissions` to `aws.iam.getPolicyDocumentOutput` and puts its
    // JSON in the role's one inline policy, "inline" (normalizeRole, .sst/platform's function.ts).
    // That invoke is the AWS provider's aws_iam_policy_document, which Pulumi's mocks would answer
    // themselves, so it is rendered here by the provider's rule instead: a one-item list becomes a
    // string, a longer one is sorted in reverse (`policyDecodeConfigStringList`,
    // terraform-provider-aws). policyChars keeps every list, so it is the upper bound infra checks.
    const single = (values: readonly string[]) =>
      values.length === 1 ? values[0] : [...values].sort().reverse();
    const tagScoped = new Set<string>();
    for (const role of ROLES) {
      const statements = statementsFor(role, ctxFor(config));
      const rendered = JSON.stringify({
        Version: "2012-10-17",
        Statement: statements.map((statement) => ({
          Effect: "Allow",
          Action: single(statement.actions),
          Resource: single(statement.resources),
          ...(statement.conditions?.length && {
            Condition: statement.conditions.reduce<Record<string, Record<string, unknown>>>(
              (block, { test, variable, values }) => ({
                ...block,
                [test]: { ...block[test], [variable]: single(values) },
              }),
              {},
            ),
          }),
        })),
      });

      expect(rendered.length, role).toBeLessThanOrEqual(policyChars(statements));
      expect(rendered.length, role).toBeLessThan(ROLE_POLICY_MAX_CHARS - SST_POLICY_MARGIN_CHARS);
      // A grant on every function of the account reaches only those tagged with this Ripcord
      // stage (the reconciler's warm-up invokes name Ripcord's own steps instead).
      for (const statement of JSON.parse(rendered).Statement) {
        const resources: string[] = [statement.Resource].flat();
        if (!resources.some((arn) => arn.endsWith(":function:*"))) continue;
        tagScoped.add(role);
        expect(statement.Condition, `${role} ${String(statement.Action)}`).toEqual({
          StringEquals: { "aws:ResourceTag/ripcord:stage": STAGE },
        });
      }
    }
    // The roles that read or move the watched aliases, and Verify, which reads the target versions.
    expect([...tagScoped].sort()).toEqual(["api", "reconciler", "resolve", "shift", "verify"]);
  });

  it("has policies whose size does not grow with the watched functions, only CloudFront's with the distributions", () => {
    const few = ctxFor(one);
    const many = ctxFor(config);
    const cloudfront: RipcordFunction[] = ["invalidate", "checkInvalidation"];

    for (const role of ROLES.filter((r) => !cloudfront.includes(r))) {
      expect(statementsFor(role, many), role).toEqual(statementsFor(role, few));
    }
    // Each distribution is named in its ARN: ~60 characters a service, so about 150 services.
    for (const role of cloudfront) {
      const perDistribution =
        (policyChars(statementsFor(role, many)) - policyChars(statementsFor(role, few))) /
        (SERVICES - 1);
      expect(perDistribution, role).toBeLessThan(70);
    }
  });

  it("matches the alarms with an event pattern of constant size, under EventBridge's 2,048 characters", () => {
    const pattern = alarmEventPatternJson(`ripcord-${STAGE}`);
    console.log(`event pattern: ${pattern.length} characters`);

    expect(pattern.length).toBeLessThanOrEqual(EVENT_PATTERN_MAX_LENGTH);
  });

  it("bundles the config, so no function's environment grows with it: each stays under Lambda's 4 KB", () => {
    const stateMachine = `arn:aws:states:ap-southeast-2:123456789012:stateMachine:ripcord-${STAGE}-rollback`;
    const base = baseEnvironment({
      tableName: `ripcord-${STAGE}`,
      topicArn: `arn:aws:sns:ap-southeast-2:123456789012:ripcord-${STAGE}-RipcordTopicTopic-abcdefgh`,
      alarmPrefix: `ripcord-${STAGE}`,
    });
    // The secrets as long as they come: a Slack webhook, a bot token, a signing key, ten API tokens.
    const notifications = {
      RIPCORD_SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/T${"0".repeat(10)}/B${"0".repeat(10)}/${"x".repeat(24)}`,
      RIPCORD_SLACK_BOT_TOKEN: `xoxb-${"1".repeat(13)}-${"2".repeat(13)}-${"x".repeat(24)}`,
      RIPCORD_STATE_MACHINE_ARN: stateMachine,
      RIPCORD_WEBHOOK_SECRET: "f".repeat(64),
    };
    const tokens = JSON.stringify(
      Array.from({ length: 10 }, (_, i) => ({
        name: `ci-${i}`,
        scope: "write",
        token: "t".repeat(64),
      })),
    );
    const environments: Record<string, Record<string, string>> = {
      step: base,
      notify: { ...base, ...notifications },
      trigger: { ...base, RIPCORD_STATE_MACHINE_ARN: stateMachine },
      api: { ...base, RIPCORD_STATE_MACHINE_ARN: stateMachine, RIPCORD_API_TOKENS: tokens },
      reconciler: {
        ...base,
        ...notifications,
        RIPCORD_WARM_FUNCTIONS: ["resolve", "lock", "verify", "shift"]
          .map(
            (s) =>
              `arn:aws:lambda:ap-southeast-2:123456789012:function:ripcord-${STAGE}-Step${s}Function-abcdefgh`,
          )
          .join(","),
      },
    };
    const sizes = Object.fromEntries(
      Object.entries(environments).map(([fn, environment]) => [fn, environmentBytes(environment)]),
    );
    console.log(
      `environment bytes at 200 functions: ${JSON.stringify(sizes)}; bundled config: ${bundledConfigJson(config).length} characters`,
    );

    for (const [fn, environment] of Object.entries(environments)) {
      expect(Object.keys(environment), fn).not.toContain("RIPCORD_CONFIG");
      expect(sizes[fn], fn).toBeLessThanOrEqual(
        LAMBDA_ENVIRONMENT_MAX_BYTES - SST_ENVIRONMENT_MARGIN_BYTES,
      );
      expect(() => fittingEnvironment(fn, environment)).not.toThrow();
    }
    // What RIPCORD_CONFIG was: far past the 4 KB, which is why it is bundled.
    expect(bundledConfigJson(config).length).toBeGreaterThan(LAMBDA_ENVIRONMENT_MAX_BYTES);
  });

  it("keeps every metric-math alarm within CloudWatch's 10 metrics", () => {
    const alarms = specs(config, { prefix: `ripcord-${STAGE}`, latencyStatistic: "p99" });

    expect(alarms).toHaveLength(400);
    for (const alarm of alarms) expect(alarm.queries.length, alarm.name).toBeLessThanOrEqual(10);
  });
});

describe("Ripcord's CloudWatch calls at 200 functions stay within the per-call limits", () => {
  const cloudWatch = mockClient(CloudWatchClient);

  beforeEach(() => {
    cloudWatch.reset();
    Clients.resetClients();
  });

  afterEach(() => {
    cloudWatch.reset();
  });

  it("asks DescribeAlarms for at most 100 names a call, for every alarm of the stage", async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const names = specs(config, { prefix: `ripcord-${STAGE}`, latencyStatistic: "p99" }).map(
      (spec) => spec.name,
    );

    await CloudWatch.describeAlarms(names);

    const calls = cloudWatch.commandCalls(DescribeAlarmsCommand);
    expect(calls).toHaveLength(4);
    const asked = calls.flatMap((call) => call.args[0].input.AlarmNames ?? []);
    expect(asked.sort()).toEqual([...names].sort());
    for (const call of calls) {
      expect(call.args[0].input.AlarmNames?.length ?? 0).toBeLessThanOrEqual(100);
    }
  });

  it("asks GetMetricData for one function at a time: a handful of queries, far from 500", async () => {
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [] });

    // The most versions a decision reads: the alias's two, the known-good one, and the one before.
    await CloudWatch.periodStats({
      fn: "acme-production-Service0Handler0Function",
      alias: "production",
      versions: ["7", "8", "9", "10"],
      from: "2026-11-27T13:00:00.000Z",
      to: "2026-11-27T14:00:00.000Z",
      signal: "url",
      periodSeconds: 60,
      latencyStatistic: "p99",
    });

    const calls = cloudWatch.commandCalls(GetMetricDataCommand);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.args[0].input.MetricDataQueries?.length ?? 0).toBeLessThanOrEqual(500);
    }
  });
});
