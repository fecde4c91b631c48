import { readFileSync } from "node:fs";
import { EventBridgeClient, PutRuleCommand } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { specs } from "@ripcord/core/alarms";
import { Clients } from "@ripcord/core/aws";
import { defineConfig } from "@ripcord/core/config";
import { trigger } from "@ripcord/local/handlers";
import {
  asLambdaTask,
  LocalStepFunctions,
  serveStepFunctions,
  type StepFunctionsEndpoint,
} from "@ripcord/local/stepfunctions/index";
import { alarmEventPatternJson } from "../../infra/alarm-events.ts";
import { eventBridgeMatches } from "../support/event-pattern.ts";
import { unique } from "../support/unique.ts";

/*
 * AWS's own sample "CloudWatch Alarm State Change" events (tests/fixtures/cloudwatch-alarm-state-change,
 * from the CloudWatch User Guide) through the two things that read them: the EventBridge rule's
 * pattern, evaluated by moto's EventBridge matcher (not a matcher of our own), and the real
 * trigger handler starting executions on the local Step Functions endpoint.
 */

const SAMPLES = ["single-metric", "metric-math", "anomaly-detection", "composite"] as const;
type Sample = (typeof SAMPLES)[number];

const Sample = z.looseObject({
  resources: z.array(z.string()),
  detail: z.looseObject({ alarmName: z.string(), state: z.looseObject({ value: z.string() }) }),
});

function sample(name: Sample): z.output<typeof Sample> {
  const text = readFileSync(
    new URL(`../fixtures/cloudwatch-alarm-state-change/${name}.json`, import.meta.url),
    "utf8",
  );
  return Sample.parse(JSON.parse(text));
}

/** The sample with its alarm renamed (its name and ARN), nothing else changed. */
function renamed(name: Sample, alarmName: string) {
  const event = sample(name);
  return {
    ...event,
    resources: event.resources.map((arn) => arn.replace(/:alarm:.*$/, `:alarm:${alarmName}`)),
    detail: { ...event.detail, alarmName },
  };
}

const PREFIX = unique("ripcord-samples");
const config = defineConfig({
  services: { api: { signal: "lambda", functions: [{ name: "acme-api" }] } },
});
const [errorRateAlarm, latencyAlarm] = specs(config, { prefix: PREFIX, latencyStatistic: "p99" });
const TRIGGER_ARN = "arn:aws:lambda:us-east-1:123456789012:function:ripcord-samples-trigger";

const TriggerResult = z.union([
  z.object({
    started: z.literal(true),
    executionArn: z.string(),
    name: z.string(),
    duplicate: z.boolean(),
  }),
  z.object({ started: z.literal(false), ignored: z.string() }),
]);

const deliver = async (event: unknown) =>
  TriggerResult.parse(await asLambdaTask(TRIGGER_ARN, trigger)(event));

function leavingAlarm(name: Sample, alarmName: string) {
  const event = renamed(name, alarmName);
  return { ...event, detail: { ...event.detail, state: { ...event.detail.state, value: "OK" } } };
}

const ripcordAlarm = errorRateAlarm?.name ?? "";

/** Each sample as AWS wrote it, as one of Ripcord's alarms, and leaving ALARM. */
const PATTERN_CASES = [
  ...SAMPLES.map((name) => ({
    what: `${name}, one of Ripcord's alarms`,
    event: renamed(name, ripcordAlarm),
    expected: true,
  })),
  ...SAMPLES.map((name) => ({
    what: `${name}, as AWS wrote it`,
    event: sample(name),
    expected: false,
  })),
  ...SAMPLES.map((name) => ({
    what: `${name}, leaving ALARM`,
    event: leavingAlarm(name, ripcordAlarm),
    expected: false,
  })),
  {
    what: "single-metric, of another stage whose name merely starts the same",
    event: renamed("single-metric", `${PREFIX}2-api-acme-api-latency`),
    expected: false,
  },
  {
    what: "composite, under Ripcord's prefix (the trigger then ignores it)",
    event: renamed("composite", `${PREFIX}-api-acme-api-composite`),
    expected: true,
  },
];

describe("the alarm rule's pattern, over AWS's sample events", () => {
  let matched: boolean[] = [];

  beforeAll(() => {
    // One run of moto's matcher for every case: starting python3 with moto takes seconds.
    matched = eventBridgeMatches(
      alarmEventPatternJson(PREFIX),
      PATTERN_CASES.map((c) => c.event),
    );
  });

  it.each(PATTERN_CASES.map((c, i) => ({ ...c, i })))(
    "$what: matches is $expected",
    ({ i, expected }) => {
      expect(matched[i]).toBe(expected);
    },
  );

  it("is a pattern PutRule accepts, as infra creates the rule", async () => {
    const rule = await new EventBridgeClient({}).send(
      new PutRuleCommand({
        Name: unique("ripcord-alarms"),
        EventPattern: alarmEventPatternJson(PREFIX),
      }),
    );

    expect(rule.RuleArn).toMatch(/:rule\//);
  });
});

describe("the trigger, over AWS's sample events", () => {
  let sfn: LocalStepFunctions;
  let endpoint: StepFunctionsEndpoint;

  beforeAll(async () => {
    sfn = new LocalStepFunctions();
    // What the execution does is not the point here: that the trigger starts it, once, is.
    const stateMachineArn = sfn.createStateMachine({
      name: unique("ripcord-samples"),
      definition: { StartAt: "Done", States: { Done: { Type: "Succeed" } } },
      tasks: new Map(),
    });
    endpoint = await serveStepFunctions(sfn);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SFN: endpoint.url,
      RIPCORD_STATE_MACHINE_ARN: stateMachineArn,
      RIPCORD_CONFIG: JSON.stringify(config),
      RIPCORD_ALARM_PREFIX: PREFIX,
      RIPCORD_LATENCY_STATISTIC: "p99",
    });
    Clients.resetClients();
  });

  afterAll(async () => {
    await endpoint.close();
    delete process.env.AWS_ENDPOINT_URL_SFN;
    Clients.resetClients();
  });

  it.each(["single-metric", "metric-math", "anomaly-detection"] as const)(
    "%s: the trigger starts one execution for Ripcord's alarm, named from the alarm and its state-change time",
    async (name) => {
      const event = renamed(name, latencyAlarm?.name ?? "");

      const started = await deliver(event);

      expect(started).toMatchObject({ started: true, duplicate: false });
      if (!started.started) return;
      expect(started.name).not.toContain("--");
      expect(started.name.length).toBeLessThanOrEqual(80);
      await sfn.finished(started.executionArn);
      // EventBridge delivers at least once: the same event, after that execution closed, is a
      // duplicate (Step Functions answers ExecutionAlreadyExists; the trigger reads the execution).
      const again = await deliver(event);
      expect(again).toEqual({ ...started, duplicate: true });
    },
  );

  it("composite: the trigger ignores an alarm that is not one of Ripcord's, even under its prefix", async () => {
    const foreign = await deliver(sample("composite"));
    const underPrefix = await deliver(renamed("composite", `${PREFIX}-api-acme-api-composite`));

    expect(foreign).toMatchObject({
      started: false,
      ignored: expect.stringContaining("not one of Ripcord's"),
    });
    expect(underPrefix).toMatchObject({ started: false });
  });
});
