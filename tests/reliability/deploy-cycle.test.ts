import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { Clients, Store, awsCall } from "@ripcord/core/aws";
import { reconciler } from "@ripcord/local/handlers";
import { asLambdaTask } from "@ripcord/local/stepfunctions/index";
import { apiFor, call, READ_TOKEN } from "./support/api.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import type { Inbox } from "./support/inbox.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { alarmInput, runWorkflow } from "./support/workflow.ts";

/*
 * The deploy cycle of a guarded SST app after a rollback, as Pulumi drives Lambda: a deploy that
 * changes the function (here its environment, as a changed secret would) publishes a version and
 * moves the alias with UpdateAlias, without a RevisionId; `sst refresh` then `sst deploy` moves the
 * alias back onto the newest version the state knows, which can be the one Ripcord rolled back.
 */

const tick = asLambdaTask(
  "arn:aws:lambda:us-east-1:123456789012:function:ripcord-rel-reconciler",
  reconciler,
);
const Problem = z.looseObject({ status: z.number(), detail: z.string() });
const lambda = Clients.lazyClient(() => new LambdaClient(Clients.clientConfig()));

/** A rolled-back service: the alarm's run moved the alias 3 -> 2, marked 3 known-bad and froze the service. */
async function rolledBack(inbox: Inbox): Promise<ServiceFixture> {
  const fixture = await prepareService({ inbox });
  const run = await runWorkflow(alarmInput(fixture));
  expect(run.state.shift?.results.map((r) => r.status)).toEqual(["shifted"]);
  return fixture;
}

/** What Pulumi does for a changed function with `publish: true`: update, publish, then UpdateAlias. */
async function deployChanged(fn: string, release: string): Promise<string> {
  await awsCall("Lambda UpdateFunctionConfiguration", () =>
    lambda().send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: fn,
        Environment: { Variables: { RELEASE: release } },
      }),
    ),
  );
  const published = await awsCall("Lambda PublishVersion", () =>
    lambda().send(new PublishVersionCommand({ FunctionName: fn })),
  );
  const version = z.string().parse(published.Version);
  await pointAlias(fn, version);
  return version;
}

/** Pulumi's alias update: UpdateAlias with the version its state holds, no RevisionId. */
async function pointAlias(fn: string, version: string): Promise<void> {
  await awsCall("Lambda UpdateAlias", () =>
    lambda().send(
      new UpdateAliasCommand({ FunctionName: fn, Name: "production", FunctionVersion: version }),
    ),
  );
}

function knownBadWarnings(inbox: Inbox, fixture: ServiceFixture) {
  return inbox
    .of(fixture.topicArn)
    .filter((n) => n.subject.includes("serves a version Ripcord rolled back"));
}

describe("sst deploy after a rollback: the reconciler tells a new release from the known-bad one", () => {
  const { inbox } = useReliabilityHarness({ inbox: true });

  it("takes a newly published, aliased version as a new release, and warns once when the alias goes back to the known-bad version", async () => {
    // Prepare
    const fixture = await rolledBack(inbox);
    const fn = fixture.functions[0]!;

    // Act: a deploy that changed the function, then a reconciler tick.
    const fresh = await deployChanged(fn, "4");
    await tick({});

    // Assess: the new version is the ledger's newest release, not known-bad, and nobody is warned.
    expect(fresh).toBe("4");
    const ledger = (await Store.loadLedger(fn, "production")).releases;
    expect(ledger.at(-1)?.version).toBe("4");
    expect(ledger.at(-1)?.knownBadAt).toBeUndefined();
    expect(ledger.find((r) => r.version === "3")?.knownBadAt).toBeDefined();
    expect(knownBadWarnings(inbox, fixture)).toEqual([]);

    // Act: `sst refresh` then `sst deploy` puts the alias back on the rolled-back version.
    await pointAlias(fn, "3");
    await tick({});
    await tick({});

    // Assess: one warning naming the alias and the version, and the gate stays closed.
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
});
