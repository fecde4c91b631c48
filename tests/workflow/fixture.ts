import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import { Store } from "@ripcord/core/aws";
import { STEP_FUNCTIONS, byStep, definition, type StepArns } from "@ripcord/core/workflow";
import type { ExecutionInput } from "@ripcord/core/workflow";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { replay } from "@ripcord/local/history";
import {
  asLambdaTask,
  LocalStepFunctions,
  type LambdaHandler,
} from "@ripcord/local/stepfunctions/index";
import { publishTraffic, type TrafficMinute } from "@ripcord/local/traffic";
import { alias, distribution, lambdaFunction, ripcordTable, topic } from "../support/aws.ts";
import { unique } from "../support/unique.ts";

export const PREFIX = "ripcord-test";
const MINUTE = 60_000;

export interface ServiceFixture {
  fn: string;
  service: string;
  now: string;
  distributionId: string;
  config: Config.RipcordConfig;
}

/**
 * A one-function service in moto: versions 1-3, the alias on 3 since ten minutes ago, 2 the last
 * known-good release before it, 90 minutes of per-minute traffic (2 healthy; 3 with `errorsPerThousand`).
 */
export async function prepareService(options: {
  errorsPerThousand: number;
}): Promise<ServiceFixture> {
  const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const iso = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE).toISOString();
  await ripcordTable();
  const { name: fn } = await lambdaFunction(3, "shop");
  await alias(fn, "3");
  const distributionId = await distribution();
  const service = unique("shop");
  const config = Config.defineConfig({
    services: {
      [service]: {
        signal: "lambda",
        functions: [{ name: fn, alias: "production" }],
        cloudfront: { distributionId, paths: ["/*"] },
        alarms: {
          errorRatePercent: 5,
          latencyMs: 1500,
          periodSeconds: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
        policy: { confirmAfterSeconds: 0 },
      },
    },
  });
  process.env.RIPCORD_CONFIG = JSON.stringify(config);
  process.env.RIPCORD_ALARM_PREFIX = PREFIX;
  process.env.RIPCORD_LATENCY_STATISTIC = "Maximum";
  process.env.RIPCORD_TOPIC_ARN = await topic();

  const ledger = replay(
    [
      { version: "1", at: iso(3 * 24 * 60) },
      { version: "2", at: iso(2 * 24 * 60) },
      { version: "3", at: iso(10) },
    ],
    now.toISOString(),
    60,
  );
  await Store.saveLedger(fn, "production", ledger, 0);

  const minutes: TrafficMinute[] = [];
  for (let m = 90; m >= 1; m--) {
    const version = m > 10 ? "2" : "3";
    const errors = version === "3" ? options.errorsPerThousand : 4;
    minutes.push({
      start: iso(m),
      byVersion: { [version]: { invocations: 1000, errors, latencyMs: 120 } },
    });
  }
  await publishTraffic(fn, "production", minutes);
  return { fn, service, now: now.toISOString(), distributionId, config };
}

/** The execution input the trigger would build for the service's error-rate alarm. */
export function alarmInput(fixture: ServiceFixture): ExecutionInput {
  const spec = Alarms.specs(fixture.config, { prefix: PREFIX, latencyStatistic: "Maximum" }).find(
    (s) => s.function === fixture.fn && s.kind === "errorRate",
  );
  if (!spec) throw new Error("the fixture's config has no error-rate alarm");
  return {
    id: unique("exec"),
    service: fixture.service,
    now: fixture.now,
    source: "alarm",
    alarm: {
      name: spec.name,
      kind: "errorRate",
      function: fixture.fn,
      stateChangeTime: fixture.now,
    },
    dryRun: false,
  };
}

/** The real definition in aws-local-stepfunctions, each task the real handler (or an override). */
export async function runWorkflow(
  input: ExecutionInput,
  overrides: Partial<Record<keyof StepArns, LambdaHandler>> = {},
) {
  const arns = byStep(
    (step) => `arn:aws:lambda:us-east-1:123456789012:function:ripcord-test-${step}`,
  );
  const tasks = new Map(
    STEP_FUNCTIONS.map((step) => [
      arns[step],
      asLambdaTask(arns[step], overrides[step] ?? STEP_HANDLERS[step]),
    ]),
  );
  const engine = new LocalStepFunctions();
  const machineArn = engine.createStateMachine({
    name: "ripcord-test",
    definition: definition(arns),
    tasks,
  });
  const started = engine.start({
    stateMachineArn: machineArn,
    name: input.id,
    input: JSON.stringify(input),
  });
  const finished = await engine.finished(started.executionArn);
  const output: unknown = finished.output ? JSON.parse(finished.output) : undefined;
  return { execution: finished, output };
}
