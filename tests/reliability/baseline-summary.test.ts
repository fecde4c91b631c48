import { describe, expect, it } from "vitest";
import * as Rollback from "@ripcord/core/rollback";
import { Store } from "@ripcord/core/aws";
import { runAs } from "@ripcord/local/identity";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService } from "./support/service.ts";
import { alarmInput } from "./support/workflow.ts";

/*
 * The reconciler keeps the summary of the current release's baseline hour (core/rollback/
 * baseline.ts) once the hour is published, and Verify decides with it as it would from the hour
 * itself. Everything real against moto: the published traffic, the tick, Resolve and Verify.
 */

const MINUTE = 60_000;

describe("the baseline hour's summary, kept by the reconciler", () => {
  const { inbox, proxy } = useReliabilityHarness({ inbox: true, proxy: { seed: 3 } });
  const metricReads = (): number => proxy.count(proxy.seen, "monitoring", "GetMetricData");

  it("is not read while the hour is unpublished, is kept once it is, and is not read again", async () => {
    // Prepare: version 3 replaced known-good 2 ten minutes before "now".
    const fixture = await prepareService({ inbox });
    const fn = fixture.functions[0] ?? "";
    const { releases } = await Store.loadLedger(fn, "production");
    const releasedAt = Date.parse(fixture.now) - 10 * MINUTE;
    // The hour ends at the release; a one-minute period is published 90 s after it ends (core/signals).
    const tooEarly = new Date(releasedAt + 60_000).toISOString();

    // Act
    const early = await through(proxy, () =>
      runAs("reconciler", () =>
        Rollback.keepBaselineSummary(fn, "production", releases, undefined, tooEarly, {
          left: 1,
        }),
      ),
    );
    const readsBefore = metricReads();
    const first = await through(proxy, () =>
      runAs("reconciler", () => Rollback.reconcile(fixture.now, fixture.config)),
    );
    const readsByFirst = metricReads() - readsBefore;
    const kept = await Store.loadLedger(fn, "production");
    const second = await through(proxy, () =>
      runAs("reconciler", () => Rollback.reconcile(fixture.now, fixture.config)),
    );
    const readsBySecond = metricReads() - readsBefore - readsByFirst;

    // Assess
    expect(early).toBe("unpublished");
    expect(first.aliases.map((a) => a.baseline)).toEqual(["kept"]);
    expect(readsByFirst).toBe(1);
    expect(kept.baseline).toMatchObject({
      version: "2",
      to: new Date(releasedAt).toISOString(),
      from: new Date(releasedAt - 60 * MINUTE).toISOString(),
      periodSeconds: 60,
      signal: "lambda",
      latencyStatistic: "Maximum",
      errorRate: { requests: 7000, errors: 28 },
      unattributed: 0,
    });
    expect(second.aliases.map((a) => a.baseline)).toEqual(["current"]);
    expect(readsBySecond).toBe(0);
  });

  it("spends at most the tick's budget of hours, and keeps the rest for the next ticks", async () => {
    const fixture = await prepareService({ inbox });
    const fn = fixture.functions[0] ?? "";
    const { releases } = await Store.loadLedger(fn, "production");

    const outcome = await Rollback.keepBaselineSummary(
      fn,
      "production",
      releases,
      undefined,
      fixture.now,
      { left: 0 },
    );

    expect(outcome).toBe("deferred");
    expect((await Store.loadLedger(fn, "production")).baseline).toBeUndefined();
  });

  it("lets Verify decide as it does from the hour itself, with the same numbers and words", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    await runAs("reconciler", () => Rollback.reconcile(fixture.now, fixture.config));
    const input = alarmInput(fixture);
    const resolved = await Rollback.resolve(input, fixture.config);
    const withoutSummary = {
      ...resolved,
      functions: resolved.functions.map(({ baseline: _, ...fn }) => fn),
    };

    // Act
    const summarized = await Rollback.verify(input, resolved, fixture.config);
    const read = await Rollback.verify(input, withoutSummary, fixture.config);

    // Assess
    expect(resolved.functions[0]?.baseline).toBeDefined();
    expect(summarized.verdict).toBe("rollback");
    expect(summarized).toEqual(read);
  });

  it("fails the tick, loudly, when the hour cannot be read, and keeps the ledger's own work", async () => {
    const fixture = await prepareService({ inbox });
    const fn = fixture.functions[0] ?? "";
    proxy.setRules([
      {
        service: "monitoring",
        rate: 1,
        kinds: ["unavailable"],
        match: (r) => r.operation === "GetMetricData",
      },
    ]);

    const tick = through(proxy, () =>
      runAs("reconciler", () => Rollback.reconcile(fixture.now, fixture.config)),
    );

    await expect(tick).rejects.toThrow(/baseline summary: /);
    proxy.setRules([]);
    const stored = await Store.loadLedger(fn, "production");
    expect(stored.releases.map((r) => r.version)).toEqual(["1", "2", "3"]);
    expect(stored.baseline).toBeUndefined();
  });

  it("survives the ledger's own writes, which leave it alone", async () => {
    const fixture = await prepareService({ inbox });
    const fn = fixture.functions[0] ?? "";
    await runAs("reconciler", () => Rollback.reconcile(fixture.now, fixture.config));
    const stored = await Store.loadLedger(fn, "production");

    await Store.saveLedger(fn, "production", stored.releases, stored.rev);

    const after = await Store.loadLedger(fn, "production");
    expect(after.rev).toBe(stored.rev + 1);
    expect(after.baseline).toEqual(stored.baseline);
  });
});
