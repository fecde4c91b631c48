import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Lambda, Store } from "@ripcord/core/aws";
import { apiFor, call, READ_TOKEN, WRITE_TOKEN } from "./support/api.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

const Accepted = z.object({ id: z.string() });

describe("a paused service: no automatic shift, while a person with write scope can still roll back", () => {
  const { inbox, endpoint } = useReliabilityHarness({ inbox: true, stateMachine: "test" });

  it("does not shift on an alarm while the service is paused over the API, and says so", async () => {
    // Prepare
    const fixture = await prepareService({ inbox });
    const app = apiFor(fixture);
    const paused = await call(app, "POST", `/services/${fixture.service}/pause`, {
      token: WRITE_TOKEN,
      body: { reason: "migrating the database" },
    });
    expect(paused.status).toBe(200);
    const input = alarmInput(fixture);

    // Act
    const run = await runWorkflow(input);

    // Assess
    // Verify runs beside Lock; with the lock refused, nothing acts on it.
    expect(run.state.lock?.acquired).toBe(false);
    expect(run.state.shift).toBeUndefined();
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
    const { record } = await afterRun(fixture, input.id);
    expect(record.status).toBe("held");
    expect(record.decision?.reason).toContain("paused (migrating the database");
    expect(
      inbox.of(fixture.topicArn).map((n) => n.text.includes("migrating the database")),
    ).toEqual([true]);
  });

  it("does not shift on an alarm while the kill switch pauses every service", async () => {
    const fixture = await prepareService({ inbox });
    const app = apiFor(fixture);
    expect(
      (
        await call(app, "POST", "/pause", {
          token: WRITE_TOKEN,
          body: { reason: "incident freeze" },
        })
      ).status,
    ).toBe(200);
    const input = alarmInput(fixture);

    try {
      await runWorkflow(input);
    } finally {
      await call(app, "POST", "/resume", { token: WRITE_TOKEN });
    }

    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
    expect((await afterRun(fixture, input.id)).record.decision?.reason).toContain(
      "incident freeze",
    );
  });

  it("rolls back by hand with a write token while the service is paused", async () => {
    const fixture = await prepareService({ inbox });
    const app = apiFor(fixture);
    await call(app, "POST", `/services/${fixture.service}/pause`, {
      token: WRITE_TOKEN,
      body: { reason: "investigating" },
    });

    const response = await call(app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fixture.service, reason: "checkout errors", toVersion: "2" },
    });
    await endpoint.settled();

    expect(response.status).toBe(202);
    const { id } = Accepted.parse(await response.json());
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    const { record, service } = await afterRun(fixture, id);
    expect(record).toMatchObject({ status: "rolled-back", source: "manual", actor: "api:ci" });
    expect(service.pause?.reason).toBe("investigating");
  });

  it("refuses a manual rollback with a read-only token, and starts nothing", async () => {
    const fixture = await prepareService({ inbox });
    const app = apiFor(fixture);

    const response = await call(app, "POST", "/rollbacks", {
      token: READ_TOKEN,
      body: { service: fixture.service, reason: "try", toVersion: "2" },
    });

    expect(response.status).toBe(403);
    expect(endpoint.executions()).toEqual([]);
    expect((await Store.listRollbacks({ service: fixture.service, limit: 5 })).items).toEqual([]);
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
  });
});
