import type { ServerResponse } from "node:http";
import { Clients, Lambda, LambdaPacing } from "@ripcord/core/aws";
import { NotFoundError, TransientError } from "@ripcord/core/errors";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../../tests/support/failure.ts";
import { listen, type TestServer } from "../../../../tests/support/http.ts";

/*
 * The pacing is the only retry path of the paced Lambda calls: over HTTP against a fake Lambda,
 * on a fake clock that moves only when the pacing sleeps, so every wait it makes is seen.
 */

const ALIAS_JSON = JSON.stringify({
  AliasArn: "arn",
  Name: "production",
  FunctionVersion: "3",
  RevisionId: "rev-1",
});

function throttle(response: ServerResponse): void {
  response.writeHead(429, {
    "content-type": "application/json",
    "x-amzn-errortype": "TooManyRequestsException",
  });
  response.end(JSON.stringify({ message: "Rate exceeded", Type: "User" }));
}

describe("Lambda pacing: the only retry path of the paced calls", () => {
  let fake: TestServer | undefined;
  const saved = { ...process.env };
  const slept: number[] = [];

  function fakeClock(): void {
    let now = 0;
    slept.length = 0;
    LambdaPacing.resetPacing({
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    });
  }

  async function fakeLambda(respond: Parameters<typeof listen>[0]): Promise<TestServer> {
    fake = await listen(respond);
    process.env.AWS_ENDPOINT_URL_LAMBDA = fake.url;
    Clients.resetClients();
    return fake;
  }

  afterEach(async () => {
    process.env = { ...saved };
    Clients.resetClients();
    LambdaPacing.resetPacing();
    await fake?.close();
    fake = undefined;
  });

  it("after a throttle, empties the bucket and sends the retry when the next token is due", async () => {
    // Prepare: a full bucket; Lambda throttles the first request only.
    fakeClock();
    let calls = 0;
    const server = await fakeLambda((_, response) => {
      calls += 1;
      if (calls === 1) return throttle(response);
      response.writeHead(200, { "content-type": "application/json" }).end(ALIAS_JSON);
    });

    // Act
    const alias = await Lambda.getAlias("api", "production");

    // Assess: two requests (the SDK sent each once), the second one token's time after the throttle.
    expect(alias.revisionId).toBe("rev-1");
    expect(server.requests).toHaveLength(2);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeCloseTo(1000 / LambdaPacing.CONTROL_PLANE_PER_SECOND, 6);
  });

  it("retries a throttle up to THROTTLE_RETRIES times, each after a token's wait, then gives up with a TransientError", async () => {
    // Prepare: AWS_MAX_ATTEMPTS bounds the other transient failures, not throttles.
    fakeClock();
    process.env.AWS_MAX_ATTEMPTS = "2";
    const server = await fakeLambda((_, response) => throttle(response));

    // Act
    const failure = await failureOf(Lambda.getAlias("api", "production"));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(1 + LambdaPacing.THROTTLE_RETRIES);
    expect(slept).toHaveLength(LambdaPacing.THROTTLE_RETRIES);
  });

  it("retries a 5xx as many times in all as AWS_MAX_ATTEMPTS says, each with a token of its own", async () => {
    // Prepare
    fakeClock();
    process.env.AWS_MAX_ATTEMPTS = "3";
    const server = await fakeLambda((_, response) =>
      response
        .writeHead(503, {
          "content-type": "application/json",
          "x-amzn-errortype": "ServiceException",
        })
        .end("{}"),
    );

    // Act
    const failure = await failureOf(Lambda.getAlias("api", "production"));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry what is not transient", async () => {
    // Prepare
    fakeClock();
    const server = await fakeLambda((_, response) =>
      response
        .writeHead(404, {
          "content-type": "application/json",
          "x-amzn-errortype": "ResourceNotFoundException",
        })
        .end(JSON.stringify({ message: "not found", Type: "User" })),
    );

    // Act
    const failure = await failureOf(Lambda.getAlias("api", "production"));

    // Assess
    expect(failure).toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });
});
