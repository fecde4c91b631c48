import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import * as Release from "@ripcord/core/release";
import { CloudWatch, Store } from "@ripcord/core/aws";
import { replay } from "@ripcord/local/history";
import { publishTraffic, type TrafficMinute } from "@ripcord/local/traffic";
import { alias, distribution, lambdaFunction, ripcordTable, topic } from "../../support/aws.ts";
import { unique } from "../../support/unique.ts";
import type { Inbox } from "./inbox.ts";

/*
 * A watched service in moto as a deploy left it: functions with published versions, aliases,
 * ledgers, Ripcord's table, topic and alarms, the config in RIPCORD_CONFIG, and a bad release's
 * traffic in CloudWatch. Traffic is kept to the rows the decision reads: a baseline row every ten
 * minutes in the hour before the release, then every minute since it.
 */

export const PREFIX = "ripcord-rel";
const MINUTE = 60_000;

export interface FunctionSetup {
  /** Published versions 1..versions; default 3. */
  versions?: number;
  /** Alias history, oldest first; the last entry is what the alias serves. Default: 1 three days ago, 2 two days ago, 3 ten minutes ago. */
  history?: Array<{ version: string; minutesAgo: number }>;
  /** Publish the release's traffic for this function (the one whose alarm fires); default: the first function only. */
  traffic?: boolean;
  /** Release metadata to annotate in the ledger: version -> reversible false, migration... */
  annotate?: Record<string, Release.ReleaseMeta>;
}

export interface ServiceOptions {
  functions?: FunctionSetup[];
  /** Errors per thousand requests of the current release; the baseline fails 4 per thousand. Default 150. */
  errorsPerThousand?: number;
  /** Latency of the current release in ms; the baseline answers in 120 ms. Default 120. */
  latencyMs?: number;
  policy?: Partial<Config.PolicyConfig>;
  cloudfront?: boolean;
  inbox?: Inbox;
}

export interface ServiceFixture {
  service: string;
  /** Function names in config order. */
  functions: string[];
  now: string;
  distributionId?: string;
  config: Config.RipcordConfig;
  topicArn: string;
  specs: Alarms.AlarmSpec[];
}

const DEFAULT_HISTORY = [
  { version: "1", minutesAgo: 3 * 24 * 60 },
  { version: "2", minutesAgo: 2 * 24 * 60 },
  { version: "3", minutesAgo: 10 },
];

function minutesAgo(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * MINUTE).toISOString();
}

/** The rows Verify reads: the baseline hour before the release took traffic (sparse), and every minute since. */
function releaseTraffic(
  now: Date,
  history: Array<{ version: string; minutesAgo: number }>,
  options: ServiceOptions,
): TrafficMinute[] {
  const current = history.at(-1);
  const baseline = history.at(-2);
  if (!current || !baseline)
    throw new Error("a release's traffic needs a release and one before it");
  const rows: TrafficMinute[] = [];
  for (let m = current.minutesAgo + 60; m > current.minutesAgo + 1; m -= 10) {
    rows.push({
      start: minutesAgo(now, m),
      byVersion: { [baseline.version]: { invocations: 1000, errors: 4, latencyMs: 120 } },
    });
  }
  rows.push({
    start: minutesAgo(now, current.minutesAgo + 1),
    byVersion: { [baseline.version]: { invocations: 1000, errors: 4, latencyMs: 120 } },
  });
  for (let m = current.minutesAgo; m >= 1; m--) {
    const traffic = {
      invocations: 1000,
      errors: options.errorsPerThousand ?? 150,
      latencyMs: options.latencyMs ?? 120,
    };
    rows.push({ start: minutesAgo(now, m), byVersion: { [current.version]: traffic } });
  }
  return rows;
}

/** The environment useService sets: what a test that breaks it must have put back after it. */
export const SERVICE_ENV = [
  "RIPCORD_CONFIG",
  "RIPCORD_ALARM_PREFIX",
  "RIPCORD_LATENCY_STATISTIC",
  "RIPCORD_TOPIC_ARN",
] as const;

/** Points Ripcord's functions (run in this process) at the fixture, as infra's environment would. */
export function useService(fixture: ServiceFixture): void {
  const env: Record<(typeof SERVICE_ENV)[number], string> = {
    RIPCORD_CONFIG: JSON.stringify(fixture.config),
    RIPCORD_ALARM_PREFIX: PREFIX,
    RIPCORD_LATENCY_STATISTIC: "Maximum",
    RIPCORD_TOPIC_ARN: fixture.topicArn,
  };
  Object.assign(process.env, env);
}

export async function prepareService(options: ServiceOptions = {}): Promise<ServiceFixture> {
  const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE);
  const setups = options.functions ?? [{}];
  const [, distributionId, topicArn, ...fns] = await Promise.all([
    ripcordTable(),
    options.cloudfront === false ? Promise.resolve(undefined) : distribution(),
    topic(),
    ...setups.map((setup) => lambdaFunction(setup.versions ?? 3, "svc")),
  ]);
  const service = unique("svc");
  const config = Config.defineConfig({
    services: {
      [service]: {
        signal: "lambda",
        functions: fns.map((fn) => ({ name: fn.name, alias: "production" })),
        ...(distributionId && { cloudfront: { distributionId, paths: ["/*"] } }),
        alarms: {
          errorRatePercent: 5,
          latencyMs: 1500,
          periodSeconds: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
        },
        policy: { confirmAfterSeconds: 0, ...options.policy },
      },
    },
  });
  const specs = Alarms.specs(config, { prefix: PREFIX, latencyStatistic: "Maximum" });
  const fixture: ServiceFixture = {
    service,
    functions: fns.map((fn) => fn.name),
    now: now.toISOString(),
    config,
    topicArn,
    specs,
    ...(distributionId && { distributionId }),
  };
  useService(fixture);

  await Promise.all([
    options.inbox?.subscribe(topicArn),
    ...specs.map((spec) => CloudWatch.putMetricAlarm(spec)),
    ...fns.map(async (fn, i) => {
      const setup = setups[i] ?? {};
      const history = setup.history ?? DEFAULT_HISTORY;
      const serving = history.at(-1);
      if (!serving) throw new Error("a function needs at least one release");
      await alias(fn.name, serving.version);
      let ledger = replay(
        history.map((h) => ({ version: h.version, at: minutesAgo(now, h.minutesAgo) })),
        now.toISOString(),
        60,
      );
      for (const [version, meta] of Object.entries(setup.annotate ?? {}))
        ledger = Release.annotate(ledger, version, meta);
      await Store.saveLedger(fn.name, "production", ledger, 0);
      if (setup.traffic ?? i === 0)
        await publishTraffic(fn.name, "production", releaseTraffic(now, history, options));
    }),
  ]);
  return fixture;
}

/** The alarm spec of one kind for a function of the fixture (the first function by default). */
export function specOf(
  fixture: ServiceFixture,
  kind: Alarms.AlarmSpec["kind"],
  fn = fixture.functions[0],
): Alarms.AlarmSpec {
  const spec = fixture.specs.find((s) => s.function === fn && s.kind === kind);
  if (!spec) throw new Error(`the fixture has no ${kind} alarm for ${fn}`);
  return spec;
}
