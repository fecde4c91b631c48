import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import { ExecutionInput } from "@ripcord/core/workflow";
import * as Rollback from "@ripcord/core/rollback";
import { CloudWatch, Lambda, Store } from "@ripcord/core/aws";
import { alarmStateChangeEvent, checkAlarm } from "@ripcord/local/alarms";
import { runAs } from "@ripcord/local/identity";
import { publishTraffic, type TrafficMinute } from "@ripcord/local/traffic";
import { alarmExecutionInput } from "@ripcord/core/rollback";
import { unique } from "../support/unique.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, specOf, type ServiceFixture } from "./support/service.ts";
import { deliver } from "./support/trigger.ts";

/*
 * An M-of-N latency alarm fires while its window still holds a healthy period from before the
 * regression (bench/corpus latency-regression-02): rule 4 holds, the alarm stays in ALARM and AWS
 * sends no second event. The reconciler's tick verifies it again each minute. Everything runs for
 * real against moto: the alarm's state, the trigger, the state machine, the reconciler's tick.
 */

const MINUTE = 60_000;
const HEALTHY_MS = 120;
const SLOW_MS = 3000;

/** Which version served a minute, and how slowly: from the release time and the alarm's minute `t0`. */
type Shape = (
  minute: number,
  t0: number,
  releasedAt: number,
) => { version: string; latencyMs: number };

/** Slow from two minutes before the alarm: its 3-period window still holds one healthy period. */
const lateOnset: Shape = (m, t0, releasedAt) =>
  m < releasedAt
    ? { version: "2", latencyMs: HEALTHY_MS }
    : { version: "3", latencyMs: m >= t0 - 2 * MINUTE ? SLOW_MS : HEALTHY_MS };

/** Slow, healthy, slow before the alarm (2 of 3): the healthy period stays in the next minute's window too. */
const gap: Shape = (m, t0, releasedAt) =>
  m < releasedAt
    ? { version: "2", latencyMs: HEALTHY_MS }
    : {
        version: "3",
        latencyMs: m === t0 - 3 * MINUTE || m === t0 - MINUTE ? SLOW_MS : HEALTHY_MS,
      };

/** Slow, slow, then a fast last minute before the alarm (2 of 3): the burst looks over, the alarm stays in ALARM. */
const lull: Shape = (m, t0, releasedAt) =>
  m < releasedAt
    ? { version: "2", latencyMs: HEALTHY_MS }
    : {
        version: "3",
        latencyMs: m === t0 - 3 * MINUTE || m === t0 - 2 * MINUTE ? SLOW_MS : HEALTHY_MS,
      };

/** Slow since two minutes before the release: the regression predates it (rule 2 holds). */
const predatesRelease: Shape = (m, _t0, releasedAt) =>
  m < releasedAt
    ? { version: "2", latencyMs: m >= releasedAt - 2 * MINUTE ? SLOW_MS : HEALTHY_MS }
    : { version: "3", latencyMs: SLOW_MS };

/**
 * The first reconciler tick whose re-check sees minute t0: a 1-minute datapoint is surely published
 * 90 s after its period ends (core/signals), so minute t0 counts from t0 + 2.5 min, the tick at t0 + 3 min.
 */
const FIRST_RECHECK = 3 * MINUTE;
/** A re-check is numbered by the minutes since the alarm entered ALARM. */
const RECHECK_NUMBER = FIRST_RECHECK / MINUTE;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function minuteOf(version: string, start: number, latencyMs: number): TrafficMinute {
  return {
    start: iso(start),
    byVersion: { [version]: { invocations: 1000, errors: 4, latencyMs } },
  };
}

interface HeldAlarm {
  fixture: ServiceFixture;
  fn: string;
  alarmName: string;
  /** The start of the minute the alarm entered ALARM in. */
  t0: number;
  /** The execution the alarm's event started (and the rollback id of its run). */
  first: string;
}

describe("re-checks: an alarm that stays in ALARM after its run held on the effect rule is verified again", () => {
  const { inbox, endpoint, faultProxy } = useReliabilityHarness({
    inbox: true,
    stateMachine: "test",
  });

  /**
   * The service's latency alarm enters ALARM in moto, CloudWatch's event goes to the real trigger,
   * and the run it starts ends. The release's traffic is laid out from the alarm's own state-change
   * time (moto's clock), so the window is the same whichever second the test runs in.
   */
  async function alarmFiresAndRunEnds(
    shape: Shape,
    policy: Partial<Config.PolicyConfig> = {},
  ): Promise<HeldAlarm> {
    const fixture = await prepareService({ inbox, functions: [{ traffic: false }], policy });
    const fn = fixture.functions[0]!;
    const spec = specOf(fixture, "latency");
    await CloudWatch.setAlarmState(
      spec.name,
      "ALARM",
      "Threshold Crossed: 2 out of the last 3 datapoints",
    );
    const [status] = await CloudWatch.describeAlarms([spec.name]);
    const stateChange = status?.updatedAt ?? "";
    const t0 = Math.floor(Date.parse(stateChange) / MINUTE) * MINUTE;
    const releasedAt = Date.parse(fixture.now) - 10 * MINUTE;
    const minutes: TrafficMinute[] = [];
    for (let m = releasedAt - 60 * MINUTE; m < t0; m += MINUTE) {
      const { version, latencyMs } = shape(m, t0, releasedAt);
      minutes.push(minuteOf(version, m, latencyMs));
    }
    await publishTraffic(fn, "production", minutes);
    const check = await checkAlarm(spec, stateChange);
    expect(check.evaluation.state).toBe("ALARM");
    const started = await deliver(alarmStateChangeEvent(check, stateChange, { value: "OK" }));
    await endpoint.settled();
    if (!started.started) throw new Error(`the trigger ignored the alarm: ${started.ignored}`);
    return { fixture, fn, alarmName: spec.name, t0, first: started.name };
  }

  /** The held run's own verdict on its alarm. */
  async function verdictOf(held: HeldAlarm, id: string) {
    const { record } = await Store.getRollback(id);
    return {
      status: record.status,
      rule: record.decision?.decisions?.find((d) => d.alarm === held.alarmName)?.rule,
    };
  }

  /** One more minute of the release's traffic, slow unless told otherwise. */
  function publishMinute(held: HeldAlarm, start: number, latencyMs = SLOW_MS): Promise<void> {
    return publishTraffic(held.fn, "production", [minuteOf("3", start, latencyMs)]);
  }

  /** The reconciler's tick at `at` (with its role's identity), and every execution it started run to its end. */
  async function tickAt(
    at: number,
  ): Promise<Awaited<ReturnType<typeof Rollback.reconcile>>["rechecks"]> {
    const { rechecks } = await runAs("reconciler", () => Rollback.reconcile(iso(at)));
    await endpoint.settled();
    return rechecks;
  }

  function notes(held: HeldAlarm) {
    return inbox.of(held.fixture.topicArn);
  }

  it("rolls back at the next minute's re-check once every period of the window is worse: three messages in all, not one per tick", async () => {
    // Prepare
    const held = await alarmFiresAndRunEnds(lateOnset);
    expect(await verdictOf(held, held.first)).toEqual({ status: "held", rule: "effect" });
    expect(notes(held)).toHaveLength(1);
    await publishMinute(held, held.t0);

    // Act
    const rechecks = await tickAt(held.t0 + FIRST_RECHECK);
    const later = await tickAt(held.t0 + FIRST_RECHECK + MINUTE);

    // Assess
    expect(rechecks).toMatchObject([
      {
        alarm: held.alarmName,
        started: true,
        duplicate: false,
        name: `${held.first}-r${RECHECK_NUMBER}`,
      },
    ]);
    expect(
      endpoint
        .executions()
        .map((e) => e.name)
        .sort(),
    ).toEqual([held.first, `${held.first}-r${RECHECK_NUMBER}`]);
    expect(await Lambda.getAlias(held.fn, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    const { record } = await Store.getRollback(`${held.first}-r${RECHECK_NUMBER}`);
    expect(record).toMatchObject({
      status: "rolled-back",
      now: iso(held.t0 + FIRST_RECHECK),
      reason: `alarm ${held.alarmName}`,
    });
    expect(later.every((r) => !r.started)).toBe(true);
    const messages = notes(held);
    expect(messages).toHaveLength(3);
    expect(messages.slice(1).every((n) => n.text.includes("3 -> 2"))).toBe(true);
  });

  it("holds a re-check again without a message, starts nothing on a second tick in the same minute, and rolls back once the window is all worse", async () => {
    // Prepare
    const held = await alarmFiresAndRunEnds(gap);
    expect(await verdictOf(held, held.first)).toEqual({ status: "held", rule: "effect" });
    await publishMinute(held, held.t0);

    // Act
    const first = await tickAt(held.t0 + FIRST_RECHECK);
    const again = await tickAt(held.t0 + FIRST_RECHECK);
    const heldAgain = { executions: endpoint.executions().length, notes: notes(held).length };
    await publishMinute(held, held.t0 + MINUTE);
    const next = await tickAt(held.t0 + FIRST_RECHECK + MINUTE);

    // Assess
    expect(first).toMatchObject([
      { started: true, duplicate: false, name: `${held.first}-r${RECHECK_NUMBER}` },
    ]);
    expect(await verdictOf(held, `${held.first}-r${RECHECK_NUMBER}`)).toEqual({
      status: "held",
      rule: "effect",
    });
    expect(again).toMatchObject([
      { started: true, duplicate: true, name: `${held.first}-r${RECHECK_NUMBER}` },
    ]);
    expect(heldAgain).toEqual({ executions: 2, notes: 1 });
    expect(next).toMatchObject([
      { started: true, duplicate: false, name: `${held.first}-r${RECHECK_NUMBER + 1}` },
    ]);
    expect((await Store.getRollback(`${held.first}-r${RECHECK_NUMBER + 1}`)).record.status).toBe(
      "rolled-back",
    );
    expect((await Lambda.getAlias(held.fn, "production")).version).toBe("2");
    expect(notes(held)).toHaveLength(3);
  });

  it("re-checks after a hold on a burst that looked over (one fast minute) while the alarm stays in ALARM, and rolls back once the window is all slow again", async () => {
    // Prepare
    const held = await alarmFiresAndRunEnds(lull);
    expect(await verdictOf(held, held.first)).toEqual({ status: "held", rule: "attributable" });
    await publishMinute(held, held.t0);

    // Act: the first re-check's window still holds the fast minute; two slow minutes later it does not.
    const first = await tickAt(held.t0 + FIRST_RECHECK);
    const firstVerdict = await verdictOf(held, `${held.first}-r${RECHECK_NUMBER}`);
    await publishMinute(held, held.t0 + MINUTE);
    await publishMinute(held, held.t0 + 2 * MINUTE);
    const later = await tickAt(held.t0 + FIRST_RECHECK + 2 * MINUTE);

    // Assess
    expect(first).toMatchObject([
      { started: true, duplicate: false, name: `${held.first}-r${RECHECK_NUMBER}` },
    ]);
    expect(firstVerdict).toEqual({ status: "held", rule: "effect" });
    expect(later).toMatchObject([
      { started: true, duplicate: false, name: `${held.first}-r${RECHECK_NUMBER + 2}` },
    ]);
    expect((await Store.getRollback(`${held.first}-r${RECHECK_NUMBER + 2}`)).record.status).toBe(
      "rolled-back",
    );
    expect((await Lambda.getAlias(held.fn, "production")).version).toBe("2");
  });

  describe("no re-check", () => {
    /** A held run, and the minute after the alarm as slow as the ones before: a re-check would roll back. */
    async function heldWithSlowNextMinute(
      shape: Shape = lateOnset,
      policy: Partial<Config.PolicyConfig> = {},
    ): Promise<HeldAlarm> {
      const held = await alarmFiresAndRunEnds(shape, policy);
      await publishMinute(held, held.t0);
      return held;
    }

    /** Nothing moved: one execution (the alarm's), the alias on the release, one message. */
    async function expectNothingStarted(held: HeldAlarm): Promise<void> {
      expect(endpoint.executions().map((e) => e.name)).toEqual([held.first]);
      expect((await Lambda.getAlias(held.fn, "production")).version).toBe("3");
      expect(notes(held)).toHaveLength(1);
    }

    it("when the run held on another rule than the effect rule (the regression predates the release)", async () => {
      // Prepare
      const held = await heldWithSlowNextMinute(predatesRelease);
      expect(await verdictOf(held, held.first)).toEqual({ status: "held", rule: "attributable" });

      // Act
      const rechecks = await tickAt(held.t0 + MINUTE);

      // Assess
      expect(rechecks).toMatchObject([
        { started: false, skipped: expect.stringContaining("not held on the effect rule") },
      ]);
      await expectNothingStarted(held);
    });

    it("when the alarm is OK again", async () => {
      const held = await heldWithSlowNextMinute();
      await CloudWatch.setAlarmState(
        held.alarmName,
        "OK",
        "Threshold Crossed: 0 out of the last 3 datapoints",
      );

      const rechecks = await tickAt(held.t0 + MINUTE);

      expect(rechecks).toEqual([]);
      await expectNothingStarted(held);
    });

    it("once the alarm has been in ALARM longer than recheckMinutes", async () => {
      const held = await heldWithSlowNextMinute(lateOnset, { recheckMinutes: 2 });
      await publishMinute(held, held.t0 + MINUTE);
      await publishMinute(held, held.t0 + 2 * MINUTE);

      const rechecks = await tickAt(held.t0 + 3 * MINUTE);

      expect(rechecks).toEqual([]);
      await expectNothingStarted(held);
    });

    it("while the service is paused, reading every alarm's state in one DescribeAlarms call", async () => {
      const held = await heldWithSlowNextMinute();
      await CloudWatch.setAlarmState(
        specOf(held.fixture, "errorRate").name,
        "ALARM",
        "a second alarm of the service in ALARM",
      );
      await Store.setPause(held.fixture.service, {
        reason: "migrating the database",
        actor: "api:ops",
        at: iso(held.t0),
      });
      const proxy = await faultProxy(11);

      const rechecks = await through(proxy, () => tickAt(held.t0 + MINUTE));

      expect(rechecks).toHaveLength(2);
      for (const report of rechecks)
        expect(report).toMatchObject({
          started: false,
          skipped: expect.stringContaining("paused (migrating the database)"),
        });
      expect(proxy.count(proxy.seen, "monitoring", "DescribeAlarms")).toBe(1);
      await expectNothingStarted(held);
    });

    it("while the service cools down after another rollback", async () => {
      const held = await heldWithSlowNextMinute();
      await Store.setCooldown(held.fixture.service, iso(held.t0 + 30 * MINUTE));

      const rechecks = await tickAt(held.t0 + MINUTE);

      expect(rechecks).toMatchObject([
        { started: false, skipped: expect.stringContaining("cooling down") },
      ]);
      await expectNothingStarted(held);
    });

    it("while another run holds the service's lock", async () => {
      const held = await heldWithSlowNextMinute();
      await Store.acquireLock(held.fixture.service, unique("manual"), iso(held.t0 + MINUTE), 1800);

      const rechecks = await tickAt(held.t0 + MINUTE);

      expect(rechecks).toMatchObject([
        { started: false, skipped: expect.stringContaining("is running") },
      ]);
      await expectNothingStarted(held);
    });

    it("once the service reached its daily cap of rollbacks", async () => {
      const held = await heldWithSlowNextMinute(lateOnset, { maxRollbacksPerDay: 1 });
      const at = iso(held.t0 - 30 * MINUTE);
      await Store.putRollback({
        id: unique("manual"),
        service: held.fixture.service,
        source: "manual",
        actor: "api:ci",
        reason: "earlier today",
        status: "rolled-back",
        startedAt: at,
        now: at,
      });

      const rechecks = await tickAt(held.t0 + MINUTE);

      expect(rechecks).toMatchObject([
        { started: false, skipped: expect.stringContaining("(cap 1)") },
      ]);
      await expectNothingStarted(held);
    });

    it("with recheckMinutes 0: not even a DescribeAlarms call", async () => {
      const held = await heldWithSlowNextMinute(lateOnset, { recheckMinutes: 0 });
      const proxy = await faultProxy(12);

      const rechecks = await through(proxy, () => tickAt(held.t0 + MINUTE));

      expect(rechecks).toEqual([]);
      expect(proxy.count(proxy.seen, "monitoring", "DescribeAlarms")).toBe(0);
      expect(proxy.count(proxy.seen, "states")).toBe(0);
      await expectNothingStarted(held);
    });
  });
});

describe("re-check settings and inputs", () => {
  it("names the 60th re-check of the longest alarm name within Step Functions' 80 characters, as a valid input", () => {
    // Prepare: the longest service and function names the config accepts, under the longest prefix.
    const config = Config.defineConfig({
      services: {
        [`s${"x".repeat(39)}`]: { signal: "lambda", functions: [{ name: "f".repeat(64) }] },
      },
    });
    const specs = Alarms.specs(config, {
      prefix: "p".repeat(Alarms.MAX_PREFIX_LENGTH),
      latencyStatistic: "p99",
    });

    // Act
    const inputs = specs.map((spec) =>
      alarmExecutionInput(
        spec,
        { stateChangeTime: "2026-11-27T14:03:27.123Z" },
        { recheck: 60, now: "2026-12-27T15:03:00.000Z" },
      ),
    );

    // Assess
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(input.id).toMatch(/^[A-Za-z0-9_-]{1,80}-r60$/);
      expect(input.id.length).toBeLessThanOrEqual(80);
      expect(ExecutionInput.parse(input)).toMatchObject({
        recheck: 60,
        now: "2026-12-27T15:03:00.000Z",
        alarm: { stateChangeTime: "2026-11-27T14:03:27.123Z" },
      });
    }
  });

  it("refuses a re-check number outside 1..60 in an execution input", () => {
    const [spec] = Alarms.specs(
      Config.defineConfig({
        services: { shop: { signal: "lambda", functions: [{ name: "shop-api" }] } },
      }),
      { prefix: "ripcord-test", latencyStatistic: "p99" },
    );
    const input = alarmExecutionInput(
      spec!,
      { stateChangeTime: "2026-11-27T14:03:27.123Z" },
      { recheck: 1, now: "2026-11-27T14:04:00.000Z" },
    );

    const results = [0, 61, 1.5].map(
      (recheck) => ExecutionInput.safeParse({ ...input, recheck }).success,
    );

    expect(results).toEqual([false, false, false]);
    expect(ExecutionInput.safeParse(input).success).toBe(true);
  });

  it("defaults recheckMinutes to 10 and refuses it outside 0..60", () => {
    const service = (policy: Record<string, unknown>) => ({
      services: { shop: { signal: "lambda" as const, functions: [{ name: "shop-api" }], policy } },
    });

    const defaults = Config.defineConfig(service({}));
    const off = Config.defineConfig(service({ recheckMinutes: 0 }));

    expect(defaults.services.shop?.policy.recheckMinutes).toBe(10);
    expect(off.services.shop?.policy.recheckMinutes).toBe(0);
    for (const bad of [-1, 61, 2.5]) {
      expect(() => Config.defineConfig(service({ recheckMinutes: bad })), String(bad)).toThrow(
        ConfigError,
      );
      expect(() => Config.defineConfig(service({ recheckMinutes: bad })), String(bad)).toThrow(
        /policy\.recheckMinutes/,
      );
    }
  });
});
