import middy from "@middy/core";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ripcordMiddy } from "../src/middy.ts";
import { emfProblems } from "./emf.ts";
import { collect, lambdaContext } from "./support.ts";

type Result = APIGatewayProxyResultV2;

/** The one line a sink received, checked against the EMF specification and parsed. */
const onlyLine = (lines: string[]): unknown => {
  expect(lines).toHaveLength(1);
  expect(emfProblems(lines[0] ?? "")).toEqual([]);
  return JSON.parse(lines[0] ?? "");
};

/** An inner error handler, as @middy/http-error-handler is: turns an error into a response. */
const errorsTo = (statusCode: number): MiddlewareObj<unknown, Result> => ({
  onError: (request) => {
    request.response = { statusCode, body: String(request.error) };
  },
});

describe("ripcordMiddy with @middy/core", () => {
  it.each<[string, Result, number]>([
    ["a 200", { statusCode: 200, body: "ok" }, 0],
    ["a 502", { statusCode: 502, body: "bad gateway" }, 1],
    ["a string (200 for a function URL)", "Hello, world!", 0],
  ])("counts %s from the handler", async (_, result, errors) => {
    const sink = collect();
    const handler = middy<unknown, Result>(async () => result).use(
      ripcordMiddy({ write: sink.write }),
    );
    await expect(handler({}, lambdaContext())).resolves.toEqual(result);
    expect(onlyLine(sink.lines)).toMatchObject({
      FunctionName: "acme-api",
      Resource: "acme-api:production",
      ExecutedVersion: "7",
      Requests: 1,
      Errors5xx: errors,
    });
  });

  it("counts an error no middleware handles as a 5xx; middy rethrows it unchanged", async () => {
    const sink = collect();
    const error = new Error("handler failed");
    const handler = middy<unknown, Result>(async () => {
      throw error;
    }).use(ripcordMiddy({ write: sink.write }));
    await expect(handler({}, lambdaContext())).rejects.toBe(error);
    expect(onlyLine(sink.lines)).toMatchObject({ Requests: 1, Errors5xx: 1 });
  });

  it.each([
    [400, 0],
    [503, 1],
  ])(
    "reads the response an inner onError made of the error (%i: Errors5xx %i)",
    async (status, errors) => {
      const sink = collect();
      const handler = middy<unknown, Result>(async () => {
        throw new Error("invalid order");
      })
        .use(ripcordMiddy({ write: sink.write }))
        .use(errorsTo(status));
      await expect(handler({}, lambdaContext())).resolves.toMatchObject({ statusCode: status });
      expect(onlyLine(sink.lines)).toMatchObject({ Errors5xx: errors });
    },
  );

  it("writes one line when an inner after throws and middy goes on to onError", async () => {
    const sink = collect();
    const failure = new Error("serializer failed");
    const handler = middy<unknown, Result>(async () => ({ statusCode: 200, body: "ok" }))
      .use(ripcordMiddy({ write: sink.write }))
      .use({
        after: () => {
          throw failure;
        },
      });
    await expect(handler({}, lambdaContext())).rejects.toBe(failure);
    expect(onlyLine(sink.lines)).toMatchObject({ Errors5xx: 1 });
  });

  it("keeps invocations apart when they overlap", async () => {
    const sink = collect();
    const handler = middy<{ status: number }, Result>(async (event: { status: number }) => {
      await new Promise((resolve) => setTimeout(resolve, event.status === 500 ? 5 : 1));
      return { statusCode: event.status };
    }).use(ripcordMiddy({ write: sink.write }));
    await Promise.all([
      handler({ status: 500 }, lambdaContext()),
      handler(
        { status: 200 },
        lambdaContext({
          invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:acme-api:canary",
        }),
      ),
    ]);
    const lines = sink.lines.map((line): unknown => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.objectContaining({ Resource: "acme-api:canary", Errors5xx: 0 }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ Resource: "acme-api:production", Errors5xx: 1 }),
    );
  });
});
