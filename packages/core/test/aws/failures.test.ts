import { GetMetricDataCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import {
  GetAliasCommand,
  LambdaClient,
  LambdaServiceException,
  PreconditionFailedException,
  ServiceException,
  TooManyRequestsException,
  UpdateAliasCommand,
} from "@aws-sdk/client-lambda";
import { CloudWatch, Lambda } from "@ripcord/core/aws";
import { AliasMovedError, RipcordError, TransientError } from "@ripcord/core/errors";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../../tests/support/failure.ts";

/*
 * What moto cannot produce: a RevisionId conflict, throttling, a 5xx, paged GetMetricData.
 * aws-sdk-client-mock replaces the clients' `send`, so these check the adapters' mapping, not the
 * SDK's retries (clients.test.ts covers those over HTTP).
 */

const lambda = mockClient(LambdaClient);
const cloudWatch = mockClient(CloudWatchClient);
const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe("adapter failures moto cannot produce", () => {
  afterEach(() => {
    lambda.reset();
    cloudWatch.reset();
  });

  it("turns a RevisionId conflict on UpdateAlias into AliasMovedError", async () => {
    // Prepare
    const conflict = new PreconditionFailedException({
      message: "The RevisionId provided does not match",
      ...metadata(412),
    });
    lambda.on(UpdateAliasCommand).rejects(conflict);

    // Act
    const failure = await failureOf(
      Lambda.updateAlias({ fn: "api", alias: "production", version: "3", revisionId: "rev-1" }),
    );

    // Assess
    expect(failure).toBeInstanceOf(AliasMovedError);
    expect(failure).toHaveProperty("cause", conflict);
  });

  it("sends RevisionId and explicitly empty weights with UpdateAlias", async () => {
    // Prepare
    lambda.on(UpdateAliasCommand).resolves({
      FunctionVersion: "3",
      RevisionId: "rev-2",
      RoutingConfig: { AdditionalVersionWeights: {} },
    });

    // Act
    const result = await Lambda.updateAlias({
      fn: "api",
      alias: "production",
      version: "3",
      revisionId: "rev-1",
    });

    // Assess
    expect(result).toEqual({ version: "3", weights: {}, revisionId: "rev-2" });
    expect(lambda.commandCalls(UpdateAliasCommand)[0]?.args[0].input).toEqual({
      FunctionName: "api",
      Name: "production",
      FunctionVersion: "3",
      RoutingConfig: { AdditionalVersionWeights: {} },
      RevisionId: "rev-1",
    });
  });

  it("turns throttling that outlasted the SDK's retries into TransientError without the service's message", async () => {
    // Prepare
    const throttled = new TooManyRequestsException({
      message: "Rate exceeded for account 123456789012",
      ...metadata(429),
    });
    lambda.on(GetAliasCommand).rejects(throttled);

    // Act
    const failure = await failureOf(Lambda.getAlias("api", "production"));

    // Assess
    expect(failure).toBeInstanceOf(TransientError);
    expect(failure).toHaveProperty(
      "message",
      "Lambda GetAlias failed after retries (TooManyRequestsException, HTTP 429)",
    );
    expect(failure).toHaveProperty("cause", throttled);
  });

  it("turns a 5xx into TransientError and another service error into a plain RipcordError", async () => {
    // Prepare: GetAlias is paced, and the pacing retries a transient failure itself (a 5xx on
    // every attempt, so it outlasts them); a denial is not retried.
    const internal = new ServiceException({ message: "internal", ...metadata(500) });
    const denial = new LambdaServiceException({
      name: "AccessDeniedException",
      $fault: "client",
      message: "arn:aws:iam::123:role/x is not authorized",
      ...metadata(403),
    });

    // Act
    lambda.on(GetAliasCommand).rejects(internal);
    const serverFault = await failureOf(Lambda.getAlias("api", "production"));
    lambda.reset();
    lambda.on(GetAliasCommand).rejectsOnce(denial).resolves({ FunctionVersion: "1" });
    const denied = await failureOf(Lambda.getAlias("api", "production"));

    // Assess
    expect(serverFault).toBeInstanceOf(TransientError);
    expect(denied).toBeInstanceOf(RipcordError);
    expect(denied).not.toBeInstanceOf(TransientError);
    expect(denied).toHaveProperty(
      "message",
      "Lambda GetAlias failed (AccessDeniedException, HTTP 403)",
    );
  });

  it("merges GetMetricData pages into one series per query, oldest first", async () => {
    // Prepare
    const t = (minute: number) => new Date(Date.UTC(2026, 10, 27, 13, minute));
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: "a", Timestamps: [t(2)], Values: [20] }],
        NextToken: "page-2",
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: "a", Timestamps: [t(1), t(0)], Values: [10, 0] }],
      });
    const queries = [{ Id: "a" }, { Id: "b" }];

    // Act
    const series = await CloudWatch.getMetricData(queries, t(0).toISOString(), t(3).toISOString());

    // Assess
    expect(series).toEqual({
      a: { timestamps: [t(0), t(1), t(2)].map((d) => d.toISOString()), values: [0, 10, 20] },
      b: { timestamps: [], values: [] },
    });
    expect(cloudWatch.commandCalls(GetMetricDataCommand)[1]?.args[0].input.NextToken).toBe(
      "page-2",
    );
  });
});
