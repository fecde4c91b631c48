import { CreateStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import { Sfn } from "@ripcord/core/aws";
import { NotFoundError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { lambdaRole } from "../../../../tests/support/aws.ts";
import { failureOf } from "../../../../tests/support/failure.ts";
import { unique } from "../../../../tests/support/unique.ts";

const DEFINITION = JSON.stringify({
  StartAt: "Done",
  States: { Done: { Type: "Pass", End: true } },
});

describe("executionName", () => {
  it("is the same for the same alarm and instant, however the time is written", () => {
    // Act
    const names = [
      Sfn.executionName("ripcord-checkout-api-errorRate", "2026-11-27T14:00:00.000Z"),
      Sfn.executionName("ripcord-checkout-api-errorRate", "2026-11-27T14:00:00.000+0000"),
      Sfn.executionName("ripcord-checkout-api-errorRate", "2026-11-27T15:00:00+01:00"),
    ];

    // Assess
    expect(new Set(names).size).toBe(1);
    expect(names[0]).toMatch(/^ripcord-checkout-api-errorRate-[0-9a-f]{12}-1795788000$/);
  });

  it("differs for another state change or another alarm", () => {
    // Act
    const base = Sfn.executionName("ripcord-a", "2026-11-27T14:00:00.000Z");
    const later = Sfn.executionName("ripcord-a", "2026-11-27T14:01:00.000Z");
    const other = Sfn.executionName("ripcord-b", "2026-11-27T14:00:00.000Z");

    // Assess
    expect(new Set([base, later, other]).size).toBe(3);
  });

  it("keeps to Step Functions' characters and 80 characters for any alarm name", () => {
    // Prepare
    const long = `${"x".repeat(60)} / ${"y".repeat(60)}`;

    // Act
    const names = [long, "Checkout API: 5xx > 5% (p99)", "äöü", `${long}-other`].map((alarm) =>
      Sfn.executionName(alarm, "2026-11-27T14:00:00Z"),
    );

    // Assess
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(names[0]).not.toBe(names[3]);
  });
});

describe("Step Functions adapter against moto", () => {
  let stateMachineArn: string;

  beforeAll(async () => {
    const created = await new SFNClient({}).send(
      new CreateStateMachineCommand({
        name: unique("ripcord"),
        definition: DEFINITION,
        roleArn: await lambdaRole(),
      }),
    );
    stateMachineArn = created.stateMachineArn ?? "";
  });

  it("starts an execution and describes it", async () => {
    // Prepare
    const name = unique("run");

    // Act
    const started = await Sfn.startExecution(stateMachineArn, name, { service: "checkout" });
    const described = await Sfn.describeExecution(started.executionArn);

    // Assess
    expect(started).toMatchObject({
      executionArn: Sfn.executionArnOf(stateMachineArn, name),
      duplicate: false,
    });
    expect(described).toMatchObject({
      name,
      stateMachineArn,
      input: JSON.stringify({ service: "checkout" }),
    });
    expect(described.startDate).toBe(started.startDate);
  });

  it("treats a taken name as a duplicate and returns the existing execution", async () => {
    // Prepare
    const name = unique("run");
    const first = await Sfn.startExecution(stateMachineArn, name, { attempt: 1 });

    // Act
    const again = await Sfn.startExecution(stateMachineArn, name, { attempt: 2 });

    // Assess
    expect(again).toEqual({
      executionArn: first.executionArn,
      startDate: first.startDate,
      duplicate: true,
    });
  });

  it("lists executions and stops one", async () => {
    // Prepare
    const started = await Sfn.startExecution(stateMachineArn, unique("run"), {});

    // Act
    const listed = await Sfn.listExecutions(stateMachineArn, { limit: 100 });
    await Sfn.stopExecution(started.executionArn, { error: "Aborted", cause: "test" });
    const stopped = await Sfn.describeExecution(started.executionArn);

    // Assess
    expect(listed.executions.map((execution) => execution.executionArn)).toContain(
      started.executionArn,
    );
    expect(stopped.status).toBe("ABORTED");
  });

  it("reports an unknown execution as NotFoundError", async () => {
    // Act
    const failure = await failureOf(
      Sfn.describeExecution(Sfn.executionArnOf(stateMachineArn, "never-started")),
    );

    // Assess
    expect(failure).toBeInstanceOf(NotFoundError);
  });
});
