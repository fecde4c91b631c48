import { describe, expect, it } from "vitest";
import { clientsCalledOnSomePath } from "../../bench/coldstart/grants.ts";

describe("SDK clients a handler may call, from its IAM grants", () => {
  it("maps each handler to the clients its grants serve", () => {
    expect(clientsCalledOnSomePath("steps/shift")).toEqual(["@aws-sdk/client-lambda"]);
    expect(clientsCalledOnSomePath("steps/check-invalidation")).toEqual([
      "@aws-sdk/client-cloudfront",
    ]);
    // The trigger notifies a watch-only service's alarm itself (topic:publish), with no execution.
    expect(clientsCalledOnSomePath("trigger")).toEqual([
      "@aws-sdk/client-sfn",
      "@aws-sdk/client-sns",
    ]);
    expect(new Set(clientsCalledOnSomePath("reconciler"))).toEqual(
      new Set([
        "@aws-sdk/client-dynamodb",
        "@aws-sdk/client-lambda",
        "@aws-sdk/client-sns",
        "@aws-sdk/client-cloudwatch",
        "@aws-sdk/client-sfn",
      ]),
    );
  });

  it("knows nothing of a handler infra does not deploy", () => {
    expect(clientsCalledOnSomePath("steps/unknown")).toBeUndefined();
  });
});
