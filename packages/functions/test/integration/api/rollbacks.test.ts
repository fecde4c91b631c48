import {
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { Store } from "@ripcord/core/aws";
import { ExecutionInput } from "@ripcord/core/workflow";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/api/app.ts";
import * as Schemas from "../../../src/api/schemas.ts";
import {
  apiFixture,
  bodyOf,
  call,
  NOW,
  problemOf,
  READ_TOKEN,
  STATE_MACHINE_ARN,
  WRITE_TOKEN,
  type ApiFixture,
} from "./fixture.ts";

// The sandbox's Step Functions endpoint is not part of these tests: moto has no state machine to run.
const sfn = mockClient(SFNClient);

function startedInput(): ExecutionInput {
  const call = sfn.commandCalls(StartExecutionCommand).at(-1);
  if (!call) throw new Error("StartExecution was not called");
  return ExecutionInput.parse(JSON.parse(call.args[0].input.input ?? "null"));
}

describe("POST /rollbacks through the real app", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });
  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
      executionArn: `${STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")}:${input.name}`,
      startDate: NOW,
    }));
  });
  afterAll(() => sfn.restore());

  it("starts the state machine with the caller as actor and records the run at once", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.single.service, reason: "checkout 500s after deploy", toVersion: "2" },
    });

    // Assess
    expect(response.status).toBe(202);
    const body = await bodyOf(response, Schemas.RollbackAccepted);
    expect(body.status).toBe("running");
    expect(body.id).toMatch(new RegExp(`^manual-checkout-${NOW.getTime()}-[0-9a-f]{8}$`));
    expect(response.headers.get("Location")).toBe(`/rollbacks/${body.id}`);
    const input = startedInput();
    expect(input).toMatchObject({
      id: body.id,
      service: "checkout",
      now: NOW.toISOString(),
      source: "manual",
      manual: {
        actor: "api:ci",
        reason: "checkout 500s after deploy",
        targets: { [fx.single.fn.name]: "2" },
        verify: false,
      },
      dryRun: false,
    });
    expect(sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).toMatchObject({
      stateMachineArn: STATE_MACHINE_ARN,
      name: body.id,
    });
    const stored = await Store.getRollback(body.id);
    expect(stored.record).toMatchObject({
      status: "running",
      actor: "api:ci",
      reason: "checkout 500s after deploy",
      source: "manual",
      startedAt: NOW.toISOString(),
    });
  });

  it("leaves the target to the known-good release when no version is named, and passes verify and dryRun", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.pair.service, reason: "slow", verify: true, dryRun: true },
    });

    // Assess
    expect(response.status).toBe(202);
    expect(startedInput()).toMatchObject({
      service: "storefront",
      manual: { targets: {}, verify: true },
      dryRun: true,
    });
  });

  it("takes a version per function with `to`", async () => {
    // Prepare
    const [web] = fx.pair.fns;

    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.pair.service, reason: "bad web", to: { [web.name]: "1" } },
    });

    // Assess
    expect(response.status).toBe(202);
    expect(startedInput().manual?.targets).toEqual({ [web.name]: "1" });
  });

  it("answers 409 while a rollback of the service holds the lock, naming it", async () => {
    // Prepare
    await Store.acquireLock(fx.single.service, "alarm-run-1", NOW.toISOString(), 600);

    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.single.service, reason: "again" },
    });

    // Assess
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain("ripcord abort alarm-run-1");
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
    await Store.releaseLock(fx.single.service, "alarm-run-1");
  });

  it.each([
    ["an unknown service", { service: "nothing-here", reason: "x" }, "nothing-here"],
    [
      "a function outside the service",
      { service: "storefront", reason: "x", to: { "not-mine": "1" } },
      "not-mine",
    ],
  ])("answers 404 for %s", async (_case, body, named) => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", { token: WRITE_TOKEN, body });

    // Assess
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toContain(named);
  });

  it.each([
    ["a version that does not exist", "9", "does not exist"],
    ["$LATEST", "$LATEST", "is not a published version"],
    ["the current version", "3", "serves now"],
  ])("answers 422 for %s", async (_case, version, says) => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.single.service, reason: "x", toVersion: version },
    });

    // Assess
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain(says);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });

  it("answers 422 for toVersion on a service of two functions", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.pair.service, reason: "x", toVersion: "1" },
    });

    // Assess
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain('name a version per function with "to"');
  });

  it.each([
    ["no reason", { service: "checkout" }, "reason"],
    ["an unknown field", { service: "checkout", reason: "x", force: true }, "force"],
    [
      "both toVersion and to",
      { service: "checkout", reason: "x", toVersion: "1", to: { a: "1" } },
      "not both",
    ],
    ["a malformed service name", { service: "Check Out", reason: "x" }, "service"],
    [
      "a version of the wrong type",
      { service: "checkout", reason: "x", toVersion: 2 },
      "toVersion",
    ],
  ])("answers 400 for %s", async (_case, body, says) => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", { token: WRITE_TOKEN, body });

    // Assess
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toContain(says);
  });

  it("answers 400 for a body that is not JSON", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: "{service:",
    });

    // Assess
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toContain("Malformed JSON");
  });

  it("answers 415 for a body that is not declared as JSON", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: "service=checkout",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });

    // Assess
    expect(response.status).toBe(415);
    expect((await problemOf(response)).detail).toContain("application/json");
  });

  it("refuses a body over 64 KiB with 413", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: "checkout", reason: "x".repeat(65 * 1024) },
    });

    // Assess
    expect(response.status).toBe(413);
    expect((await problemOf(response)).detail).toContain("64 KiB");
  });

  it("marks the run failed when the state machine does not start, without AWS's error text", async () => {
    // Prepare
    sfn.on(StartExecutionCommand).rejects(
      Object.assign(new Error("internal detail arn:aws:iam::123:role/secret"), {
        name: "ServiceUnavailable",
        $metadata: { httpStatusCode: 503 },
      }),
    );
    const app = createApp({ ...fx.deps, nonce: () => "0badcafe" });

    // Act
    const response = await call(app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.single.service, reason: "x" },
    });

    // Assess
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(text).not.toContain("arn:aws:iam");
    const { record } = await Store.getRollback(`manual-checkout-${NOW.getTime()}-0badcafe`);
    expect(record).toMatchObject({ status: "failed", endedAt: NOW.toISOString() });
    expect(record.warnings?.[0]).toContain("the state machine did not start");
  });
});

describe("GET /rollbacks/:id and POST /rollbacks/:id/abort through the real app", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });
  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: "arn:unused", startDate: NOW });
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => ({
      executionArn: input.executionArn,
      stateMachineArn: STATE_MACHINE_ARN,
      name: input.executionArn.split(":").at(-1),
      status: "RUNNING",
      startDate: NOW,
    }));
    sfn.on(StopExecutionCommand).resolves({ stopDate: NOW });
  });
  afterAll(() => sfn.restore());

  async function started(): Promise<string> {
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: fx.single.service, reason: "bad deploy" },
    });
    const { id } = await bodyOf(response, Schemas.RollbackAccepted);
    return id;
  }

  it("shows a running rollback with its execution's status and each recorded step", async () => {
    // Prepare
    const id = await started();
    await Store.appendStep(id, {
      name: "Resolve",
      status: "ok",
      startedAt: NOW.toISOString(),
      endedAt: NOW.toISOString(),
      durationMs: 12,
      detail: { functions: 1 },
    });

    // Act
    const response = await call(fx.app, "GET", `/rollbacks/${id}`, { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    const body = await bodyOf(response, Schemas.RollbackDetail);
    expect(body).toMatchObject({
      id,
      status: "running",
      actor: "api:ci",
      execution: { status: "RUNNING" },
    });
    expect(body.steps).toEqual([
      expect.objectContaining({ name: "Resolve", durationMs: 12, detail: { functions: 1 } }),
    ]);
  });

  it("shows a finished rollback's decision with its numbers", async () => {
    // Prepare
    const id = await started();
    const decision = {
      verdict: "rollback" as const,
      reason: "errors 12% vs 0.5%",
      rule: "effect",
      numbers: { pValue: 0.0001, currentErrors: 120 },
    };
    await Store.updateRollback(id, { status: "rolled-back", endedAt: NOW.toISOString(), decision });

    // Act
    const body = await bodyOf(
      await call(fx.app, "GET", `/rollbacks/${id}`, { token: READ_TOKEN }),
      Schemas.RollbackDetail,
    );

    // Assess
    expect(body).toMatchObject({ status: "rolled-back", decision });
    expect(body.execution).toBeUndefined();
  });

  it("answers 404 for an unknown rollback and 400 for a malformed id", async () => {
    // Act
    const missing = await call(fx.app, "GET", "/rollbacks/manual-nope-1-abc", {
      token: READ_TOKEN,
    });
    const malformed = await call(fx.app, "GET", "/rollbacks/not%20an%20id", { token: READ_TOKEN });

    // Assess
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).detail).toContain("manual-nope-1-abc");
    expect(malformed.status).toBe(400);
  });

  it("aborts a running rollback: stops the execution, records who and why, releases the lock", async () => {
    // Prepare
    const id = await started();
    await Store.acquireLock(fx.single.service, id, NOW.toISOString(), 600);

    // Act
    const response = await call(fx.app, "POST", `/rollbacks/${id}/abort`, {
      token: WRITE_TOKEN,
      body: { reason: "wrong service" },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await bodyOf(response, Schemas.AbortResult)).toEqual({
      id,
      status: "aborted",
      actor: "api:ci",
      reason: "wrong service",
    });
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toMatchObject({
      executionArn: `${STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")}:${id}`,
      cause: "aborted by api:ci: wrong service",
    });
    const stored = await Store.getRollback(id);
    expect(stored.record).toMatchObject({ status: "aborted", endedAt: NOW.toISOString() });
    expect(stored.steps).toEqual([
      expect.objectContaining({
        name: "Abort",
        detail: { actor: "api:ci", reason: "wrong service" },
      }),
    ]);
    expect((await Store.getServiceState(fx.single.service)).lock).toBeUndefined();
  });

  it("leaves another run's lock in place when aborting a run that never held it", async () => {
    // Prepare
    const id = await started();
    await Store.acquireLock(fx.single.service, "other-run", NOW.toISOString(), 600);

    // Act
    const response = await call(fx.app, "POST", `/rollbacks/${id}/abort`, {
      token: WRITE_TOKEN,
      body: {},
    });

    // Assess
    expect(response.status).toBe(200);
    expect((await Store.getServiceState(fx.single.service)).lock?.owner).toBe("other-run");
    await Store.releaseLock(fx.single.service, "other-run");
  });

  it("answers 409 when the rollback already ended, and 404 when there is none", async () => {
    // Prepare
    const id = await started();
    await Store.updateRollback(id, { status: "held", endedAt: NOW.toISOString() });

    // Act
    const ended = await call(fx.app, "POST", `/rollbacks/${id}/abort`, {
      token: WRITE_TOKEN,
      body: {},
    });
    const missing = await call(fx.app, "POST", "/rollbacks/manual-nope-1-abc/abort", {
      token: WRITE_TOKEN,
      body: {},
    });

    // Assess
    expect(ended.status).toBe(409);
    expect((await problemOf(ended)).detail).toContain("already ended (held)");
    expect(missing.status).toBe(404);
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
  });

  it("answers 409 when the execution ended before its record did", async () => {
    // Prepare
    const id = await started();
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: "arn:x",
      stateMachineArn: STATE_MACHINE_ARN,
      status: "FAILED",
      startDate: NOW,
    });

    // Act
    const response = await call(fx.app, "POST", `/rollbacks/${id}/abort`, {
      token: WRITE_TOKEN,
      body: {},
    });

    // Assess
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain("FAILED");
  });
});
