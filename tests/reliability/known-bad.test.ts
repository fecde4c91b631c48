import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Lambda } from "@ripcord/core/aws";
import { reconciler } from "@ripcord/local/handlers";
import { asLambdaTask } from "@ripcord/local/stepfunctions/index";
import { through } from "./support/endpoint.ts";
import { apiFor, call, READ_TOKEN } from "./support/api.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import type { Inbox } from "./support/inbox.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { alarmInput, runWorkflow } from "./support/workflow.ts";

const tick = asLambdaTask(
  "arn:aws:lambda:us-east-1:123456789012:function:ripcord-rel-reconciler",
  reconciler,
);
const Problem = z.looseObject({ status: z.number(), detail: z.string() });

/** A rolled-back service: the alarm's run moved the alias 3 -> 2, marked 3 known-bad and froze the service. */
async function rolledBack(inbox: Inbox): Promise<ServiceFixture> {
  const fixture = await prepareService({ inbox });
  const run = await runWorkflow(alarmInput(fixture));
  expect(run.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
  return fixture;
}

/** What a deploy pipeline that does not ask Ripcord does: put the alias back on the version it built. */
async function redeploy(fn: string, version: string): Promise<void> {
  const { revisionId } = await Lambda.getAlias(fn, "production");
  await Lambda.updateAlias({ fn, alias: "production", version, revisionId });
}

function knownBadWarnings(inbox: Inbox, fixture: ServiceFixture) {
  return inbox
    .of(fixture.topicArn)
    .filter((n) => n.subject.includes("serves a version Ripcord rolled back"));
}

describe("redeploy of a known-bad version: the reconciler notifies and the gate reports the service frozen", () => {
  const { inbox, faultProxy } = useReliabilityHarness({ inbox: true });

  it("notifies once when the alias is moved back onto the version Ripcord rolled back, and the gate stays shut", async () => {
    // Prepare
    const fixture = await rolledBack(inbox);
    const fn = fixture.functions[0]!;
    await redeploy(fn, "3");

    // Act
    await tick({});
    await tick({});

    // Assess
    const warnings = knownBadWarnings(inbox, fixture);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.subject).toContain(`${fn}:production`);
    expect(warnings[0]?.text).toContain("serves 3");
    const gate = await call(apiFor(fixture), "GET", `/services/${fixture.service}/gate`, {
      token: READ_TOKEN,
    });
    expect(gate.status).toBe(423);
    expect(Problem.parse(await gate.json()).detail).toContain(`${fn} version 3`);
  });

  it("stays quiet and keeps the gate shut while the alias serves the version Ripcord returned to", async () => {
    const fixture = await rolledBack(inbox);

    await tick({});

    expect(knownBadWarnings(inbox, fixture)).toEqual([]);
    expect(
      (
        await call(apiFor(fixture), "GET", `/services/${fixture.service}/gate`, {
          token: READ_TOKEN,
        })
      ).status,
    ).toBe(423);
  });

  it("still warns on the next tick when the first warning could not be published", async () => {
    // Prepare: the redeploy happens while SNS is failing.
    const fixture = await rolledBack(inbox);
    await redeploy(fixture.functions[0]!, "3");
    const proxy = await faultProxy(6, [{ service: "sns", rate: 1, kinds: ["unavailable"] }]);

    // Act: one tick with SNS down (it fails, and says so), one after it recovered.
    const failedTick = await through(proxy, () =>
      tick({}).then(
        () => "ok",
        (error: unknown) => String(error),
      ),
    );
    await tick({});

    // Assess
    expect(proxy.count(proxy.injected, "sns", "Publish")).toBeGreaterThan(0);
    expect(failedTick).toMatch(/could not be reconciled/);
    expect(knownBadWarnings(inbox, fixture)).toHaveLength(1);
  });
});
