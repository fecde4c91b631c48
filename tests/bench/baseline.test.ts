import { describe, expect, it } from "vitest";
import {
  baselineSource,
  replayOf,
  replayWaves,
  TABLE,
  UNIQUE,
} from "../../bench/coldstart/baseline.ts";
import type { AwsCall } from "../../bench/restore/waves.ts";

function recorded(
  service: string,
  operation: string,
  request: AwsCall["request"],
  start = 0,
  end = 1,
): AwsCall {
  return { service, operation, start, end, ...(request && { request }) };
}

describe("baseline replays", () => {
  it("turns a JSON-protocol request back into its command input", () => {
    // Prepare
    const body = JSON.stringify({ TableName: "t", Key: { pk: { S: "a" }, sk: { S: "b" } } });

    // Act
    const replay = replayOf(
      recorded("dynamodb", "GetItem", {
        method: "POST",
        path: "/",
        contentType: "application/x-amz-json-1.0",
        body,
      }),
    );

    // Assess
    expect(replay).toEqual({
      client: "dynamodb",
      command: "GetItem",
      input: { TableName: "t", Key: { pk: { S: "a" }, sk: { S: "b" } } },
    });
  });

  it("reads Lambda's REST path and gives each execution start a name of its own", () => {
    // Act
    const alias = replayOf(
      recorded("lambda", "GetAlias", {
        method: "GET",
        path: "/2015-03-31/functions/shop/aliases/production",
        contentType: "",
        body: "",
      }),
    );
    const start = replayOf(
      recorded("states", "StartExecution", {
        method: "POST",
        path: "/",
        contentType: "",
        body: '{"stateMachineArn":"arn","name":"x","input":"{}"}',
      }),
    );

    // Assess
    expect(alias.input).toEqual({ FunctionName: "shop", Name: "production" });
    expect(start.input.name).toBe(UNIQUE);
  });

  it("replays Shift's GetFunction of the target version with its qualifier", () => {
    // Act
    const replay = replayOf(
      recorded("lambda", "GetFunction", {
        method: "GET",
        path: "/2015-03-31/functions/shop?Qualifier=7",
        contentType: "",
        body: "",
      }),
    );

    // Assess
    expect(replay).toEqual({
      client: "lambda",
      command: "GetFunction",
      input: { FunctionName: "shop", Qualifier: "7" },
    });
  });

  it("refuses a service it cannot replay rather than measuring something else", () => {
    // Act / Assess
    expect(() =>
      replayOf(
        recorded("iam", "GetRole", { method: "POST", path: "/", contentType: "", body: "" }),
      ),
    ).toThrow(RangeError);
  });

  it("keeps the recorded waves and swaps the recorded table for each run's own", () => {
    // Prepare
    const body = (key: string): string =>
      JSON.stringify({ TableName: "recorded-table", Key: { pk: { S: key } } });
    const calls = [
      recorded(
        "dynamodb",
        "GetItem",
        { method: "POST", path: "/", contentType: "", body: body("a") },
        0,
        10,
      ),
      recorded(
        "dynamodb",
        "GetItem",
        { method: "POST", path: "/", contentType: "", body: body("b") },
        2,
        9,
      ),
      recorded(
        "dynamodb",
        "DeleteItem",
        { method: "POST", path: "/", contentType: "", body: body("c") },
        12,
        15,
      ),
    ];

    // Act
    const waves = replayWaves(calls, "recorded-table");

    // Assess
    expect(waves.map((wave) => wave.map((c) => c.command))).toEqual([
      ["GetItem", "GetItem"],
      ["DeleteItem"],
    ]);
    expect(JSON.stringify(waves)).not.toContain("recorded-table");
    expect(waves[0]?.[0]?.input.TableName).toBe(TABLE);
  });

  it("imports every SDK package the handler bundles and only the commands it replays", () => {
    // Prepare
    const waves = [
      [{ client: "lambda" as const, command: "GetAlias", input: { FunctionName: "f", Name: "a" } }],
    ];

    // Act
    const source = baselineSource(["@aws-sdk/client-lambda", "@aws-sdk/client-sns"], waves);

    // Assess
    expect(source).toContain(
      'import { LambdaClient, GetAliasCommand } from "@aws-sdk/client-lambda";',
    );
    expect(source).toContain('import { SNSClient } from "@aws-sdk/client-sns";');
    expect(source).toContain("new SNSClient(");
  });

  it("refuses a replay through a client the handler does not bundle", () => {
    // Prepare
    const waves = [[{ client: "sns" as const, command: "Publish", input: {} }]];

    // Act / Assess
    expect(() => baselineSource(["@aws-sdk/client-lambda"], waves)).toThrow(RangeError);
  });
});
