import type { ServerResponse } from "node:http";
import { Clients, Invoke, Sfn } from "@ripcord/core/aws";
import { TransientError } from "@ripcord/core/errors";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../../tests/support/failure.ts";
import { listen, type TestServer } from "../../../../tests/support/http.ts";

/*
 * The clients' configuration, checked over HTTP against a fake service: the SDK's own retries
 * (standard mode, 3 attempts; shown on Lambda's Invoke: the calls Lambda's API quota governs make one
 * attempt per send and are retried by their pacing, lambda-pacing.test.ts) and its per-service
 * endpoint variables.
 */

function throttle(response: ServerResponse): void {
  response.writeHead(429, {
    "content-type": "application/json",
    "x-amzn-errortype": "TooManyRequestsException",
  });
  response.end(JSON.stringify({ message: "Rate exceeded", Type: "User" }));
}

describe("SDK clients", () => {
  let fake: TestServer | undefined;
  const saved = { ...process.env };

  afterEach(async () => {
    process.env = { ...saved };
    Clients.resetClients();
    await fake?.close();
    fake = undefined;
  });

  async function fakeLambda(respond: Parameters<typeof listen>[0]): Promise<TestServer> {
    fake = await listen(respond);
    process.env.AWS_ENDPOINT_URL_LAMBDA = fake.url;
    Clients.resetClients();
    return fake;
  }

  it("retries throttling and succeeds when the service recovers", async () => {
    // Prepare
    let calls = 0;
    const server = await fakeLambda((_, response) => {
      calls += 1;
      if (calls === 1) return throttle(response);
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });

    // Act
    const result = await Invoke.invoke("api", {});

    // Assess
    expect(result).toEqual({});
    expect(server.requests).toHaveLength(2);
  });

  it("gives up after 3 attempts with a TransientError", async () => {
    // Prepare
    const server = await fakeLambda((_, response) => throttle(response));

    // Act
    const failure = await failureOf(Invoke.invoke("api", {}));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(3);
  });

  it("retries a 5xx too, as many times as AWS_MAX_ATTEMPTS says", async () => {
    // Prepare
    process.env.AWS_MAX_ATTEMPTS = "2";
    const server = await fakeLambda((_, response) =>
      response
        .writeHead(503, {
          "content-type": "application/json",
          "x-amzn-errortype": "ServiceException",
        })
        .end("{}"),
    );

    // Act
    const failure = await failureOf(Invoke.invoke("api", {}));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(2);
  });

  it("sends Step Functions calls to AWS_ENDPOINT_URL_SFN, not AWS_ENDPOINT_URL", async () => {
    // Prepare
    fake = await listen((_, response) =>
      response.writeHead(200, { "content-type": "application/x-amz-json-1.0" }).end(
        JSON.stringify({
          executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:run",
          startDate: 1_795_788_000,
        }),
      ),
    );
    process.env.AWS_ENDPOINT_URL_SFN = fake.url;
    Clients.resetClients();

    // Act
    const started = await Sfn.startExecution(
      "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
      "run",
      { service: "checkout" },
    );

    // Assess
    expect(started).toEqual({
      executionArn: "arn:aws:states:us-east-1:123456789012:execution:sm:run",
      startDate: "2026-11-27T14:00:00.000Z",
      duplicate: false,
    });
    expect(fake.requests[0]?.headers["x-amz-target"]).toBe("AWSStepFunctions.StartExecution");
  });
});
