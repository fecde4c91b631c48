import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch, Store } from "@ripcord/core/aws";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/api/app.ts";
import * as Schemas from "../../../src/api/schemas.ts";
import {
  apiFixture,
  bodyOf,
  call,
  NOW,
  problemOf,
  READ_TOKEN,
  WRITE_TOKEN,
  type ApiFixture,
} from "./fixture.ts";

const minutesBefore = (minutes: number): string =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe("services through the real app", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });
  afterEach(async () => {
    await Promise.all([
      Store.clearPause("checkout"),
      Store.clearPause("storefront"),
      Store.clearPause(Store.ALL_SERVICES),
      Store.clearFrozen("checkout"),
    ]);
  });

  it("lists every service with its alias routing and state", async () => {
    // Prepare
    await Store.setCooldown("checkout", minutesBefore(-20));

    // Act
    const response = await call(fx.app, "GET", "/services", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    const { items } = await bodyOf(response, Schemas.ServiceList);
    expect(items.map((item) => [item.service, item.signal])).toEqual([
      ["checkout", "lambda"],
      ["storefront", "url"],
    ]);
    expect(items[0]).toMatchObject({
      cooldownUntil: minutesBefore(-20),
      functions: [
        { name: fx.single.fn.name, alias: "production", routing: { version: "3", weights: {} } },
      ],
    });
    expect(items[1]?.functions.map((fn) => fn.routing?.version)).toEqual(["2", "2"]);
  });

  it("shows one service: routing now, releases with known-good marks, the rollback target, alarm states", async () => {
    // Prepare
    const fn = fx.single.fn.name;
    await Store.saveLedger(
      fn,
      "production",
      [
        {
          version: "1",
          takenAt: minutesBefore(300),
          replacedAt: minutesBefore(200),
          knownGoodAt: minutesBefore(240),
        },
        { version: "2", takenAt: minutesBefore(200), replacedAt: minutesBefore(10) },
        { version: "3", takenAt: minutesBefore(10) },
      ],
      0,
    );
    const [errorRate] = Alarms.specs(fx.config, {
      prefix: fx.alarmPrefix,
      latencyStatistic: "Maximum",
    }).filter((spec) => spec.function === fn && spec.kind === "errorRate");
    if (!errorRate) throw new Error("no error-rate alarm spec for the function");
    await CloudWatch.putMetricAlarm(errorRate);
    await CloudWatch.setAlarmState(errorRate.name, "ALARM", "error rate 12% > 5%");

    // Act
    const response = await call(fx.app, "GET", "/services/checkout", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    const body = await bodyOf(response, Schemas.ServiceDetail);
    expect(body.signal).toBe("lambda");
    const [only] = body.functions;
    expect(only?.routing).toEqual({ version: "3", weights: {} });
    // Version 2 served all traffic for 190 minutes: a rollback now would see it known-good.
    expect(only?.releases.map((r) => [r.version, r.knownGoodAt !== undefined])).toEqual([
      ["1", true],
      ["2", true],
      ["3", false],
    ]);
    expect(only?.rollbackTarget).toBe("2");
    expect(body.alarms).toEqual([
      expect.objectContaining({
        name: errorRate.name,
        function: fn,
        kind: "errorRate",
        state: "ALARM",
        reason: "error rate 12% > 5%",
      }),
      expect.objectContaining({ function: fn, kind: "latency", state: "MISSING" }),
    ]);
  });

  it("answers 404 for a service Ripcord does not watch, on every service route", async () => {
    // Act
    const responses = await Promise.all([
      call(fx.app, "GET", "/services/billing", { token: READ_TOKEN }),
      call(fx.app, "GET", "/services/billing/gate", { token: READ_TOKEN }),
      call(fx.app, "POST", "/services/billing/pause", {
        token: WRITE_TOKEN,
        body: { reason: "x" },
      }),
      call(fx.app, "POST", "/services/billing/resume", { token: WRITE_TOKEN }),
    ]);

    // Assess
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect((await problemOf(responses[0])).detail).toContain('"billing" is not watched');
  });

  it("pauses a service with who, why and until, and resumes it", async () => {
    // Act
    const paused = await call(fx.app, "POST", "/services/checkout/pause", {
      token: WRITE_TOKEN,
      body: { reason: "load test", until: minutesBefore(-60) },
    });
    const whilePaused = await bodyOf(
      await call(fx.app, "GET", "/services/checkout", { token: READ_TOKEN }),
      Schemas.ServiceDetail,
    );
    const resumed = await call(fx.app, "POST", "/services/checkout/resume", { token: WRITE_TOKEN });

    // Assess
    expect(paused.status).toBe(200);
    expect(await bodyOf(paused, Schemas.ServiceState)).toMatchObject({
      service: "checkout",
      paused: {
        reason: "load test",
        actor: "api:ci",
        until: minutesBefore(-60),
        scope: "checkout",
      },
    });
    expect(whilePaused.paused).toMatchObject({ reason: "load test" });
    expect(resumed.status).toBe(200);
    expect((await bodyOf(resumed, Schemas.ServiceState)).paused).toBeUndefined();
    expect((await Store.getServiceState("checkout")).pause).toBeUndefined();
  });

  it("answers 400 for a pause without a reason or with an end in the past", async () => {
    // Act
    const noReason = await call(fx.app, "POST", "/services/checkout/pause", {
      token: WRITE_TOKEN,
      body: {},
    });
    const past = await call(fx.app, "POST", "/services/checkout/pause", {
      token: WRITE_TOKEN,
      body: { reason: "x", until: minutesBefore(5) },
    });

    // Assess
    expect(noReason.status).toBe(400);
    expect((await problemOf(noReason)).detail).toContain("reason");
    expect(past.status).toBe(400);
    expect((await problemOf(past)).detail).toContain("not in the future");
  });

  it("pauses and resumes every service with the kill switch", async () => {
    // Act
    const paused = await call(fx.app, "POST", "/pause", {
      token: WRITE_TOKEN,
      body: { reason: "incident 42" },
    });
    const listed = await bodyOf(
      await call(fx.app, "GET", "/services", { token: READ_TOKEN }),
      Schemas.ServiceList,
    );
    const resumed = await call(fx.app, "POST", "/resume", { token: WRITE_TOKEN });

    // Assess
    expect(paused.status).toBe(200);
    expect(await bodyOf(paused, Schemas.KillSwitchState)).toMatchObject({
      paused: { reason: "incident 42", actor: "api:ci", scope: "*" },
    });
    expect(listed.items.map((item) => item.paused?.scope)).toEqual(["*", "*"]);
    expect(resumed.status).toBe(200);
    expect((await Store.getServiceState("storefront")).pause).toBeUndefined();
  });

  it("opens the gate unless the service is frozen after a rollback; resuming lifts the freeze", async () => {
    // Prepare
    const open = await call(fx.app, "GET", "/services/checkout/gate", { token: READ_TOKEN });
    await Store.setFrozen("checkout", {
      versions: { [fx.single.fn.name]: "3" },
      rollbackId: "run-9",
      since: minutesBefore(5),
    });

    // Act
    const frozen = await call(fx.app, "GET", "/services/checkout/gate", { token: READ_TOKEN });
    await call(fx.app, "POST", "/services/checkout/resume", { token: WRITE_TOKEN });
    const reopened = await call(fx.app, "GET", "/services/checkout/gate", { token: READ_TOKEN });

    // Assess
    expect(open.status).toBe(200);
    expect(await bodyOf(open, Schemas.GateOpen)).toEqual({
      service: "checkout",
      deploy: "allowed",
    });
    expect(frozen.status).toBe(423);
    const problem = await problemOf(frozen);
    expect(problem.detail).toContain("rollback run-9");
    expect(problem.detail).toContain(`${fx.single.fn.name} version 3`);
    expect(reopened.status).toBe(200);
  });

  it("reports an alias that does not exist instead of failing the list", async () => {
    // Prepare
    const checkout = {
      ...fx.config.services.checkout!,
      functions: [{ name: fx.single.fn.name, alias: "canary" }],
    };
    const app = createApp({ ...fx.deps, config: () => ({ ...fx.config, services: { checkout } }) });

    // Act
    const response = await call(app, "GET", "/services", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    const { items } = await bodyOf(response, Schemas.ServiceList);
    expect(items[0]?.functions[0]).toMatchObject({
      name: fx.single.fn.name,
      alias: "canary",
      error: expect.stringContaining("does not exist"),
    });
  });
});
