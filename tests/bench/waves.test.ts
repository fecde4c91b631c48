import { describe, expect, it } from "vitest";
import { operationOf, signingService } from "../../bench/restore/proxy.ts";
import { sequentialWaves, type AwsCall } from "../../bench/restore/waves.ts";

function call(operation: string, start: number, end: number): AwsCall {
  return { service: "dynamodb", operation, start, end };
}

describe("sequentialWaves", () => {
  it("counts calls in flight together as one round trip and calls after a response as the next", () => {
    // Prepare: B starts before A returns (parallel); C starts after both returned; D overlaps C.
    const calls = [call("C", 30, 40), call("A", 0, 10), call("B", 5, 20), call("D", 35, 50)];

    // Act
    const waves = sequentialWaves(calls);

    // Assess
    expect(waves).toEqual([
      { start: 0, end: 20, calls: ["dynamodb:A", "dynamodb:B"] },
      { start: 30, end: 50, calls: ["dynamodb:C", "dynamodb:D"] },
    ]);
  });

  it("treats a call issued exactly when the previous one returned as sequential", () => {
    // Act
    const waves = sequentialWaves([call("A", 0, 10), call("B", 10, 12)]);

    // Assess
    expect(waves).toHaveLength(2);
  });
});

describe("the counting proxy's request names", () => {
  it("reads the signing service from the SigV4 credential scope", () => {
    // Prepare
    const header =
      "AWS4-HMAC-SHA256 Credential=AKID/20261127/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=abc";

    // Act / Assess
    expect(signingService(header)).toBe("lambda");
    expect(signingService(undefined)).toBe("unknown");
  });

  it("names operations in the JSON, query and REST protocols", () => {
    // Act / Assess
    expect(
      operationOf("dynamodb", "POST", "/", { "x-amz-target": "DynamoDB_20120810.PutItem" }, "{}"),
    ).toBe("PutItem");
    expect(operationOf("sns", "POST", "/", {}, "Action=Publish&Version=2010-03-31")).toBe(
      "Publish",
    );
    expect(
      operationOf("lambda", "PUT", "/2015-03-31/functions/fn/aliases/production", {}, "{}"),
    ).toBe("UpdateAlias");
    expect(
      operationOf("lambda", "GET", "/2015-03-31/functions/fn/aliases/production", {}, ""),
    ).toBe("GetAlias");
    expect(
      operationOf("lambda", "GET", "/2015-03-31/functions/fn/configuration?Qualifier=1", {}, ""),
    ).toBe("GetFunctionConfiguration");
  });
});
