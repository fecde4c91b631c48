import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import * as Rollback from "@ripcord/core/rollback";
import { CloudWatch } from "@ripcord/core/aws";
import { runAs } from "@ripcord/local/identity";
import { publishTraffic, type TrafficMinute } from "@ripcord/local/traffic";
import { alias, lambdaFunction, ripcordTable, topic } from "../support/aws.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { PREFIX } from "./support/service.ts";
import { alarmFires, deliver } from "./support/trigger.ts";

/*
 * A watch-only service (config `watchOnly`: an sst.aws.Nextjs server, anything without an alias):
 * its alarms read `<FunctionName>:$LATEST`, and entering ALARM sends the notification through the
 * same channels as a rollback's, from the trigger, with no execution, no Lambda call and no read of
 * Ripcord's table. The reconciler never reads it. Everything runs for real against moto.
 */

const MINUTE = 60_000;

/** `count` minutes of $LATEST failing a third of its requests, ending at the minute before `now`. */
function failing(now: number, count: number): TrafficMinute[] {
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(now - (count - i) * MINUTE).toISOString(),
    byVersion: { $LATEST: { invocations: 300, errors: 100, latencyMs: 200 } },
  }));
}

describe("a watch-only service", () => {
  const { inbox, endpoint, proxy } = useReliabilityHarness({
    inbox: true,
    stateMachine: "test",
    proxy: { seed: 13 },
  });

  /** A watch-only site and an ordinary api on its production alias, in one config as a stage deploys it. */
  async function prepare() {
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const [, topicArn, site, api] = await Promise.all([
      ripcordTable(),
      topic(),
      lambdaFunction(1, "site"),
      lambdaFunction(2, "api"),
    ]);
    await Promise.all([inbox.subscribe(topicArn), alias(api.name, "2")]);
    const config = Config.defineConfig({
      services: {
        site: { signal: "lambda", watchOnly: true, functions: [{ name: site.name }] },
        api: { signal: "lambda", functions: [{ name: api.name }] },
      },
    });
    const specs = Alarms.specs(config, { prefix: PREFIX, latencyStatistic: "Maximum" });
    Object.assign(process.env, {
      RIPCORD_CONFIG: JSON.stringify(config),
      RIPCORD_ALARM_PREFIX: PREFIX,
      RIPCORD_LATENCY_STATISTIC: "Maximum",
      RIPCORD_TOPIC_ARN: topicArn,
    });
    await Promise.all(specs.map((spec) => CloudWatch.putMetricAlarm(spec)));
    const errorRate = specs.find((s) => s.function === site.name && s.kind === "errorRate");
    if (!errorRate) throw new Error("no error-rate alarm for the watch-only function");
    return { now, topicArn, site: site.name, api: api.name, config, errorRate };
  }

  it("alarms on $LATEST, and its alarm is notified by the trigger: no execution, no Lambda call, no table read", async () => {
    // Prepare
    const { now, topicArn, site, errorRate } = await prepare();
    await publishTraffic(site, "$LATEST", failing(now, 5));
    const event = await alarmFires(errorRate, new Date(now).toISOString());

    // Act
    const result = await through(proxy, () => deliver(event));

    // Assess
    expect(errorRate.alias).toBe("$LATEST");
    expect(errorRate.queries[0]?.MetricStat?.Metric.Dimensions).toContainEqual({
      Name: "Resource",
      Value: `${site}:$LATEST`,
    });
    expect(result).toMatchObject({
      started: false,
      watchOnly: true,
      service: "site",
      function: site,
      notified: { deliveries: [{ channel: "sns", ok: true, attempts: 1 }] },
    });
    expect(endpoint.executions()).toHaveLength(0);
    expect(proxy.count(proxy.seen, "lambda")).toBe(0);
    expect(proxy.count(proxy.seen, "dynamodb")).toBe(0);
    expect(proxy.count(proxy.seen, "sns", "Publish")).toBe(1);
    const notes = inbox.of(topicArn);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.subject).toContain("[site] Not acting");
    expect(notes[0]?.text).toContain(errorRate.name);
    // No execution and no rollback record to link to.
    expect(notes[0]?.text).not.toMatch(/console\.aws|executions\/details/);
    expect(notes[0]?.text).toContain(
      `${site} is watch-only: it serves $LATEST and has no alias to move, so Ripcord alarms and notifies but never rolls it back`,
    );
  });

  it("is never read by the reconciler: no alias, ledger or re-check for it, the other service's alias read as before", async () => {
    // Prepare: the watch-only alarm is in ALARM, as a re-check would look for.
    const { now, site, api, errorRate } = await prepare();
    await publishTraffic(site, "$LATEST", failing(now, 5));
    await alarmFires(errorRate, new Date(now).toISOString());

    // Act
    const report = await through(proxy, () =>
      runAs("reconciler", () => Rollback.reconcile(new Date(now).toISOString())),
    );

    // Assess
    expect(report.aliases.map((a) => `${a.service}/${a.function}:${a.alias}`)).toEqual([
      `api/${api}:production`,
    ]);
    expect(report.rechecks).toEqual([]);
    expect(proxy.count(proxy.seen, "lambda", "GetAlias")).toBe(1);
    expect(endpoint.executions()).toHaveLength(0);
  });
});
