import { beforeEach, describe, expect, it } from "vitest";
import { Lambda } from "@ripcord/core/aws";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { aliasRevisions, type AliasRevisions } from "./support/revision-ids.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

/** Versions 1-4 published; the alias on the bad 3, 2 known-good; a deploy of 4 races the rollback. */
const FOUR_VERSIONS = [{ versions: 4 }];

/** What CI does to release a version: move the alias (with the revision it read, as the CLI would). */
async function deploy(fn: string, version: string): Promise<void> {
  const { revisionId } = await Lambda.getAlias(fn, "production");
  await Lambda.updateAlias({ fn, alias: "production", version, revisionId });
}

describe("race with a deploy: a newer release is never overwritten", () => {
  const { inbox, proxy } = useReliabilityHarness({ inbox: true, proxy: { seed: 11 } });
  let revisions: AliasRevisions;

  beforeEach(() => {
    revisions = aliasRevisions();
    proxy.setAround(revisions.around);
  });

  /** The rollback aborted: the alias serves the deploy, the record says why, and so does the notification. */
  async function expectAborted(fixture: ServiceFixture, id: string) {
    const fn = fixture.functions[0]!;
    expect(await Lambda.getAlias(fn, "production")).toMatchObject({ version: "4", weights: {} });
    const { record, service } = await afterRun(fixture, id);
    expect(record.status).not.toMatch(/^rolled-back/);
    expect(record.shifts).toMatchObject([{ function: fn, status: "aborted", target: "2" }]);
    expect(record.shifts?.[0]?.reason).toContain("newer deploy");
    expect(service.lock).toBeUndefined();
    expect(service.frozen).toBeUndefined();
    const notes = inbox.of(fixture.topicArn);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toContain("newer deploy");
  }

  it("aborts and says so when the alias moves to a newer version between Verify and Shift", async () => {
    // Prepare: Verify decides to roll back 3 -> 2; right after, CI deploys 4.
    const fixture = await prepareService({ inbox, functions: FOUR_VERSIONS });
    const verifyThenDeploy: typeof STEP_HANDLERS.verify = async (event, context) => {
      const verdict = await STEP_HANDLERS.verify(event, context);
      await deploy(fixture.functions[0]!, "4");
      return verdict;
    };
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input, { verify: verifyThenDeploy }));

    // Assess
    expect(run.state.verify?.action).toBe("shift");
    expect(run.state.shift?.shifted).toBe(false);
    // The deploy's, and Ripcord's one write, refused on the RevisionId Resolve read (no re-read before it).
    expect(proxy.count(proxy.seen, "lambda", "UpdateAlias")).toBe(2);
    expect(revisions.refused).toBe(1);
    await expectAborted(fixture, input.id);
  });

  it("aborts on the RevisionId when the deploy lands between Shift's re-read and its write", async () => {
    // Prepare: the deploy of 4 reaches Lambda just before Ripcord's UpdateAlias.
    const fixture = await prepareService({ inbox, functions: FOUR_VERSIONS });
    revisions.deployBeforeNextUpdate(fixture.functions[0]!, "production", "4");
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input));

    // Assess
    expect(revisions.refused).toBe(1);
    expect(run.state.shift?.results[0]?.error).toContain("RevisionId");
    await expectAborted(fixture, input.id);
  });

  it("counts its own write as done when Lambda applied it but the answer was lost", async () => {
    // Prepare: the first UpdateAlias reaches Lambda, then the caller sees a 5xx; its retry carries a revision that is now stale.
    const fixture = await prepareService({ inbox, functions: FOUR_VERSIONS });
    let updates = 0;
    proxy.setRules([
      {
        service: "lambda",
        rate: 1,
        kinds: ["unavailable"],
        afterForwarding: true,
        match: (r) => r.operation === "UpdateAlias" && ++updates === 1,
      },
    ]);
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input));

    // Assess
    expect(proxy.count(proxy.injected, "lambda", "UpdateAlias")).toBe(1);
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    expect(run.state.shift?.shifted).toBe(true);
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back");
    expect(service.frozen?.versions).toEqual({ [fixture.functions[0]!]: "3" });
  });
});
