import type { Handler } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withRipcord } from "../src/index.ts";
import { emfProblems } from "./emf.ts";
import { collect, lambdaContext, urlEvent } from "./support.ts";

/** The one line a sink received, checked against the EMF specification and parsed. */
const onlyLine = (lines: string[]): unknown => {
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? "";
  expect(emfProblems(line)).toEqual([]);
  return JSON.parse(line);
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("withRipcord", () => {
  it("writes one line: namespace, both dimension sets, alias, version, the three metrics", async () => {
    const sink = collect();
    vi.spyOn(performance, "now").mockReturnValueOnce(1000).mockReturnValueOnce(1012.5);
    const handler = withRipcord(async () => ({ statusCode: 201, body: "{}" }), {
      write: sink.write,
    });
    await expect(handler(urlEvent("POST", "/orders"), lambdaContext())).resolves.toEqual({
      statusCode: 201,
      body: "{}",
    });
    expect(onlyLine(sink.lines)).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: "Ripcord",
            Dimensions: [
              ["FunctionName", "Resource"],
              ["FunctionName", "Resource", "ExecutedVersion"],
            ],
            Metrics: [
              { Name: "Requests", Unit: "Count" },
              { Name: "Errors5xx", Unit: "Count" },
              { Name: "Latency", Unit: "Milliseconds" },
            ],
          },
        ],
      },
      FunctionName: "acme-api",
      Resource: "acme-api:production",
      ExecutedVersion: "7",
      Requests: 1,
      Errors5xx: 0,
      Latency: 12.5,
    });
    // Neither the request id nor the path may reach the line: each would be a new custom metric.
    expect(sink.lines[0]).not.toContain(lambdaContext().awsRequestId);
    expect(sink.lines[0]).not.toContain("/orders");
  });

  it.each([
    ["statusCode 500", { statusCode: 500 }, 1],
    ["statusCode 503", { statusCode: 503, body: "busy" }, 1],
    ["statusCode 499", { statusCode: 499 }, 0],
    ["statusCode 404", { statusCode: 404 }, 0],
    // Lambda function URL response payload rules: no statusCode means 200.
    ["a string body", "Hello, world!", 0],
    ["an object without statusCode", { message: "Hello, world!" }, 0],
    ["nothing", undefined, 0],
  ])("counts %s as Errors5xx %i", async (_, result, errors) => {
    const sink = collect();
    await withRipcord(() => result, { write: sink.write })({}, lambdaContext());
    expect(onlyLine(sink.lines)).toMatchObject({ Requests: 1, Errors5xx: errors });
  });

  it("counts a throw as a 5xx and rethrows the same error", async () => {
    const sink = collect();
    const error = new TypeError("bad input");
    const handler = withRipcord(
      (): { statusCode: number } => {
        throw error;
      },
      { write: sink.write },
    );
    await expect(handler({}, lambdaContext())).rejects.toBe(error);
    expect(onlyLine(sink.lines)).toMatchObject({ Requests: 1, Errors5xx: 1 });
  });

  it("counts a rejection as a 5xx and rethrows the same reason", async () => {
    const sink = collect();
    const reason = new RangeError("downstream timed out");
    const handler = withRipcord(() => Promise.reject(reason), { write: sink.write });
    await expect(handler({}, lambdaContext())).rejects.toBe(reason);
    expect(onlyLine(sink.lines)).toMatchObject({ Errors5xx: 1, Resource: "acme-api:production" });
  });

  it("takes the qualifier from the invoked ARN: a version, or $LATEST when unqualified", async () => {
    const sink = collect();
    const handler = withRipcord(() => "ok", { write: sink.write });
    const arn = "arn:aws:lambda:us-east-1:123456789012:function:acme-api";
    await handler({}, lambdaContext({ invokedFunctionArn: `${arn}:7` }));
    await handler({}, lambdaContext({ invokedFunctionArn: arn, functionVersion: "$LATEST" }));
    expect(sink.lines.map((line): unknown => JSON.parse(line))).toMatchObject([
      { Resource: "acme-api:7", ExecutedVersion: "7" },
      { Resource: "acme-api:$LATEST", ExecutedVersion: "$LATEST" },
    ]);
  });

  it("falls back to the runtime's environment variables without a context", async () => {
    vi.stubEnv("AWS_LAMBDA_FUNCTION_NAME", "acme-worker");
    vi.stubEnv("AWS_LAMBDA_FUNCTION_VERSION", "12");
    const sink = collect();
    await withRipcord(() => "ok", { write: sink.write })({}, undefined);
    expect(onlyLine(sink.lines)).toMatchObject({
      FunctionName: "acme-worker",
      Resource: "acme-worker:$LATEST",
      ExecutedVersion: "12",
    });
  });

  it("marks every metric high-resolution and uses the namespace given", async () => {
    const sink = collect();
    const handler = withRipcord(() => "ok", {
      write: sink.write,
      highResolution: true,
      namespace: "Acme/Edge",
    });
    await handler({}, lambdaContext());
    expect(onlyLine(sink.lines)).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "Acme/Edge",
            Metrics: [
              { Name: "Requests", Unit: "Count", StorageResolution: 1 },
              { Name: "Errors5xx", Unit: "Count", StorageResolution: 1 },
              { Name: "Latency", Unit: "Milliseconds", StorageResolution: 1 },
            ],
          },
        ],
      },
    });
  });

  it("writes to stdout directly by default, one line, not through console.log", async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const log = vi.spyOn(console, "log");
    await withRipcord(() => ({ statusCode: 200 }))({}, lambdaContext());
    expect(log).not.toHaveBeenCalled();
    expect(written).toHaveLength(1);
    expect(written[0]?.endsWith("\n")).toBe(true);
    expect(onlyLine([written[0]?.slice(0, -1) ?? ""])).toMatchObject({ Errors5xx: 0 });
  });

  it("accepts a handler typed with aws-lambda's Handler (callback declared, never used)", async () => {
    const sink = collect();
    const typed: Handler<unknown, { statusCode: number }> = async () => ({ statusCode: 502 });
    const handler = withRipcord(typed, { write: sink.write });
    await expect(handler({}, lambdaContext())).resolves.toEqual({
      statusCode: 502,
    });
    expect(onlyLine(sink.lines)).toMatchObject({ Errors5xx: 1 });
  });
});
