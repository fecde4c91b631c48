import { describe, expect, it } from "vitest";
import { Lambda } from "@ripcord/core/aws";
import { ALIAS_READ_TTL_MS, cachedAliasRouting } from "@ripcord/functions/api/alias-reads";
import * as Schemas from "@ripcord/functions/api/schemas";
import { apiFor, call, READ_TOKEN } from "./support/api.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { alarmInput, runWorkflow } from "./support/workflow.ts";

/*
 * The API's views read each alias once for every request in flight and reuse the answer for
 * ALIAS_READ_TTL_MS (alias-reads.ts), so they leave Lambda's control-plane budget to the rollbacks.
 * The GetAlias calls are counted where they reach moto (the fault proxy); the reuse runs on a clock
 * moved by hand, so the staleness bound is checked exactly, not raced.
 */

/** The app over the fixture, its alias reads on a clock the test moves. */
function appOnClock(fixture: ServiceFixture) {
  const clock = { ms: 0 };
  const app = apiFor(fixture, { aliasRouting: cachedAliasRouting({ now: () => clock.ms }) });
  return { app, clock };
}

async function versionsShown(app: ReturnType<typeof apiFor>, service: string): Promise<string[]> {
  const response = await call(app, "GET", `/services/${service}`, { token: READ_TOKEN });
  expect(response.status).toBe(200);
  const body = Schemas.ServiceDetail.parse(await response.json());
  return body.functions.map((fn) => fn.routing?.version ?? "none");
}

describe("the API's alias reads: one GetAlias per alias for concurrent views, reused briefly", () => {
  const { inbox, faultProxy } = useReliabilityHarness({ inbox: true });

  it("serves concurrent GET /services and GET /services/:name with one GetAlias per alias, and reads again after the staleness bound", async () => {
    // Prepare
    const fixture = await prepareService({ inbox, functions: [{}, {}, {}] });
    const { app, clock } = appOnClock(fixture);
    const proxy = await faultProxy(1);
    const getAliases = (): number => proxy.count(proxy.seen, "lambda", "GetAlias");
    const list = (): Promise<Response> => call(app, "GET", "/services", { token: READ_TOKEN });

    // Act: two lists and a detail at once, then one just within the bound and one at it.
    const together = await through(proxy, () =>
      Promise.all([
        list(),
        list(),
        call(app, "GET", `/services/${fixture.service}`, { token: READ_TOKEN }),
      ]),
    );
    const concurrentReads = getAliases();
    clock.ms = ALIAS_READ_TTL_MS - 1;
    const within = await through(proxy, list);
    const withinReads = getAliases();
    clock.ms = ALIAS_READ_TTL_MS;
    const after = await through(proxy, list);

    // Assess
    expect(together.map((response) => response.status)).toEqual([200, 200, 200]);
    const [first] = Schemas.ServiceList.parse(await together[0]?.json()).items;
    expect(first?.functions.map((fn) => fn.routing?.version)).toEqual(["3", "3", "3"]);
    expect([within.status, after.status]).toEqual([200, 200]);
    expect(concurrentReads).toBe(3);
    expect(withinReads).toBe(3);
    expect(getAliases()).toBe(6);
  });

  it("shows a rollback's shift as soon as its record is written, and a deploy's alias move within the staleness bound", async () => {
    // Prepare: the views have read the aliases, and the clock does not move.
    const fixture = await prepareService({ inbox });
    const [fn] = fixture.functions;
    if (!fn) throw new Error("the fixture has no function");
    const { app, clock } = appOnClock(fixture);
    const before = await versionsShown(app, fixture.service);

    // Act: the alarm's rollback moves the alias 3 -> 2 and records the cooldown and freeze.
    const run = await runWorkflow(alarmInput(fixture));
    const afterRollback = await versionsShown(app, fixture.service);

    // Act: a deploy outside Ripcord moves it back to 3; the views may show 2 until the bound.
    const { revisionId } = await Lambda.getAlias(fn, "production");
    await Lambda.updateAlias({ fn, alias: "production", version: "3", revisionId });
    const withinBound = await versionsShown(app, fixture.service);
    clock.ms = ALIAS_READ_TTL_MS;
    const atBound = await versionsShown(app, fixture.service);

    // Assess
    expect(run.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
    expect(before).toEqual(["3"]);
    expect(afterRollback).toEqual(["2"]);
    expect(withinBound).toEqual(["2"]);
    expect(atBound).toEqual(["3"]);
  });
});
