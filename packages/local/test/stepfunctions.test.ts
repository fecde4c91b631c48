import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidName,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import * as z from "zod";
import { InputError } from "@ripcord/core/errors";
import {
  asLambdaTask,
  LocalStepFunctions,
  serveStepFunctions,
  type StepFunctionsEndpoint,
} from "../src/stepfunctions/index.ts";

const ADD = "arn:aws:lambda:us-east-1:123456789012:function:add";
const GATE = "arn:aws:lambda:us-east-1:123456789012:function:gate";
const FLAKY = "arn:aws:lambda:us-east-1:123456789012:function:flaky";

class AliasMovedError extends Error {
  override name = "AliasMovedError";
}

/** Executions whose "Gate" task waits until the test opens it, so "running" is a state, not a race. */
const gates = new Map<string, () => void>();
function openGate(key: string): void {
  gates.get(key)?.();
}

const definition = {
  StartAt: "Add",
  States: {
    Add: { Type: "Task", Resource: ADD, ResultPath: "$.sum", Next: "Gate" },
    Gate: { Type: "Task", Resource: GATE, ResultPath: null, Next: "Pause" },
    Pause: { Type: "Wait", Seconds: 3600, Next: "Flaky" },
    Flaky: {
      Type: "Task",
      Resource: FLAKY,
      ResultPath: "$.flaky",
      Catch: [{ ErrorEquals: ["AliasMovedError"], ResultPath: "$.caught", Next: "Done" }],
      Next: "Done",
    },
    Done: { Type: "Succeed" },
  },
};

const Event = z.object({
  a: z.number(),
  b: z.number(),
  key: z.string(),
  fail: z.boolean().optional(),
});

const tasks = new Map([
  [
    ADD,
    asLambdaTask(ADD, async (event) => {
      const { a, b } = Event.parse(event);
      return a + b;
    }),
  ],
  [
    GATE,
    asLambdaTask(GATE, (event) => {
      const { key } = Event.parse(event);
      return new Promise<void>((resolve) => gates.set(key, resolve));
    }),
  ],
  [
    FLAKY,
    asLambdaTask(FLAKY, async (event) => {
      if (Event.parse(event).fail) throw new AliasMovedError("alias moved to 9 since Verify");
      return "fine";
    }),
  ],
]);

let sfn: LocalStepFunctions;
let endpoint: StepFunctionsEndpoint;
let client: SFNClient;
let machineArn: string;

beforeAll(async () => {
  sfn = new LocalStepFunctions();
  machineArn = sfn.createStateMachine({ name: "test-machine", definition, tasks });
  endpoint = await serveStepFunctions(sfn);
  client = new SFNClient({
    endpoint: endpoint.url,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
});

afterAll(async () => {
  for (const open of gates.values()) open();
  client.destroy();
  await endpoint.close();
});

describe("local Step Functions endpoint", () => {
  it("runs a definition with tasks mapped to handlers and reports the output", async () => {
    // Prepare
    const input = JSON.stringify({ a: 2, b: 3, key: "run" });

    // Act
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "run-1", input }),
    );
    openGate("run");
    await sfn.finished(started.executionArn!);
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );

    // Assess
    expect(started.executionArn).toBe(
      "arn:aws:states:us-east-1:123456789012:execution:test-machine:run-1",
    );
    expect(described.status).toBe("SUCCEEDED");
    expect(JSON.parse(described.output!)).toEqual({
      a: 2,
      b: 3,
      key: "run",
      sum: 5,
      flaky: "fine",
    });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());
  });

  it("returns the same execution for the same name and input while it runs, and refuses anything else", async () => {
    // Prepare
    const input = JSON.stringify({ a: 1, b: 1, key: "idem" });
    const first = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "idem-1", input }),
    );

    // Act
    const again = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "idem-1", input }),
    );
    const otherInput = client.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name: "idem-1",
        input: JSON.stringify({ a: 9, b: 9, key: "x" }),
      }),
    );
    await expect(otherInput).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    openGate("idem");
    await sfn.finished(first.executionArn!);
    const afterClose = client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "idem-1", input }),
    );

    // Assess
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(afterClose).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it("names a handler's error after its type so Catch matches it, with Lambda's error document as Cause", async () => {
    // Prepare
    const input = JSON.stringify({ a: 0, b: 0, key: "catch", fail: true });

    // Act
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "catch-1", input }),
    );
    openGate("catch");
    await sfn.finished(started.executionArn!);
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );

    // Assess
    const output = JSON.parse(described.output!);
    expect(output.caught.Error).toBe("AliasMovedError");
    expect(JSON.parse(output.caught.Cause)).toMatchObject({
      errorType: "AliasMovedError",
      errorMessage: "alias moved to 9 since Verify",
    });
  });

  it("stops a running execution and lists executions newest first, filtered by status", async () => {
    // Prepare
    const input = JSON.stringify({ a: 1, b: 2, key: "stop" });
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "stop-1", input }),
    );

    // Act
    await client.send(
      new StopExecutionCommand({
        executionArn: started.executionArn,
        error: "Manual",
        cause: "test",
      }),
    );
    openGate("stop");
    await sfn.finished(started.executionArn!);
    const described = await client.send(
      new DescribeExecutionCommand({ executionArn: started.executionArn }),
    );
    const aborted = await client.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, statusFilter: "ABORTED" }),
    );
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: machineArn }));
    const firstPage = await client.send(
      new ListExecutionsCommand({ stateMachineArn: machineArn, maxResults: 1 }),
    );

    // Assess
    expect(described).toMatchObject({ status: "ABORTED", error: "Manual", cause: "test" });
    expect(aborted.executions?.map((e) => e.name)).toEqual(["stop-1"]);
    const starts = all.executions!.map((e) => e.startDate!.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(firstPage.executions).toHaveLength(1);
    expect(firstPage.nextToken).toBeDefined();
  });

  it("refuses a definition with a task the sandbox has no handler for, rather than calling out to AWS", () => {
    // Prepare
    const unmapped = {
      StartAt: "Elsewhere",
      States: {
        Elsewhere: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:123456789012:function:elsewhere",
          End: true,
        },
      },
    };

    // Act
    const create = () =>
      new LocalStepFunctions().createStateMachine({
        name: "unmapped",
        definition: unmapped,
        tasks,
      });

    // Assess
    expect(create).toThrow(InputError);
    expect(create).toThrow(
      /Task state "Elsewhere" calls "arn:aws:lambda:us-east-1:123456789012:function:elsewhere"/,
    );
  });

  it("answers AWS's errors for bad names, unknown machines and unknown executions", async () => {
    // Act
    const badName = client.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: "has space", input: "{}" }),
    );
    const noMachine = client.send(
      new StartExecutionCommand({
        stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:nope",
        input: "{}",
      }),
    );
    const noExecution = client.send(
      new DescribeExecutionCommand({
        executionArn: "arn:aws:states:us-east-1:123456789012:execution:test-machine:nope",
      }),
    );

    // Assess
    await expect(badName).rejects.toBeInstanceOf(InvalidName);
    await expect(noMachine).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(noExecution).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });
});
