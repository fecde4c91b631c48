import { describe, expect, it } from "vitest";
import { Lambda } from "@ripcord/core/aws";
import { apiFor, call, WRITE_TOKEN } from "./support/api.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

const DAY = 24 * 60;

describe("irreversible releases: hold and notify, never an automatic rollback", () => {
  const { inbox } = useReliabilityHarness({ inbox: true });

  /** Every alias as it was, the run held for the irreversible release, and the one notification says so. */
  async function expectHeld(fixture: ServiceFixture, id: string, versions: string[]) {
    for (const [i, fn] of fixture.functions.entries())
      expect((await Lambda.getAlias(fn, "production")).version, fn).toBe(versions[i]);
    const { record } = await afterRun(fixture, id);
    expect(record.status).toBe("held");
    expect(record.decision?.reason).toMatch(/irreversible/);
    const notes = inbox.of(fixture.topicArn);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toMatch(/irreversible/);
  }

  it("holds when the bad release itself carries a migration marked reversible: false", async () => {
    // Prepare: version 3 fails 15% of requests, and its migration cannot be undone.
    const fixture = await prepareService({
      inbox,
      functions: [{ annotate: { "3": { migration: "0042_drop_column", reversible: false } } }],
    });
    const input = alarmInput(fixture);

    // Act
    const run = await runWorkflow(input);

    // Assess
    expect(run.state.verify?.action).toBe("hold");
    expect(run.state.shift).toBeUndefined();
    await expectHeld(fixture, input.id, ["3"]);
    expect(inbox.of(fixture.topicArn)[0]?.text).toContain("0042_drop_column");
  });

  it("holds when an irreversible release lies between the known-good version and the bad one", async () => {
    const history = [
      { version: "1", minutesAgo: 3 * DAY },
      { version: "2", minutesAgo: 2 * DAY },
      { version: "3", minutesAgo: 30 },
      { version: "4", minutesAgo: 10 },
    ];
    const fixture = await prepareService({
      inbox,
      functions: [{ versions: 4, history, annotate: { "3": { reversible: false } } }],
    });
    const input = alarmInput(fixture);

    await runWorkflow(input);

    await expectHeld(fixture, input.id, ["4"]);
  });

  it("holds the whole service when another of its functions has an irreversible release", async () => {
    // Prepare: the api's release is at fault and reversible; the worker released with it shipped an irreversible migration.
    const fixture = await prepareService({
      inbox,
      functions: [{}, { annotate: { "3": { migration: "0043_backfill", reversible: false } } }],
    });
    const input = alarmInput(fixture);

    const run = await runWorkflow(input);

    expect(run.state.verify?.decisions.map((d) => d.verdict)).toEqual(["rollback"]);
    await expectHeld(fixture, input.id, ["3", "3"]);
    expect(run.state.verify?.reason).toContain(fixture.functions[1]);
  });

  it("holds after CI registers the release as irreversible through the API", async () => {
    const fixture = await prepareService({ inbox });
    const app = apiFor(fixture);
    const registered = await call(app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: {
        function: fixture.functions[0],
        version: "3",
        migration: "0044_rename",
        reversible: false,
      },
    });
    expect(registered.status).toBe(200);
    const input = alarmInput(fixture);

    await runWorkflow(input);

    await expectHeld(fixture, input.id, ["3"]);
  });
});
