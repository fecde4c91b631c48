import { describe, expect, it } from "vitest";
import { withRipcord } from "../src/index.ts";
import { emfProblems } from "./emf.ts";
import { collect, lambdaContext } from "./support.ts";

// The valid example of AWS's "Specification: Embedded metric format" page.
const awsExample = {
  _aws: {
    Timestamp: 1574109732004,
    CloudWatchMetrics: [
      {
        Namespace: "lambda-function-metrics",
        Dimensions: [["functionVersion"]],
        Metrics: [{ Name: "time", Unit: "Milliseconds", StorageResolution: 60 }],
      },
    ],
  },
  functionVersion: "$LATEST",
  time: 100,
  requestId: "989ffbf8-9ace-4817-a57c-e4dd734019ee",
};

type Document = typeof awsExample & Record<string, unknown>;

/** The AWS example with one change made to a deep copy. */
const changed = (change: (document: Document) => void): string => {
  const document: Document = structuredClone(awsExample);
  change(document);
  return JSON.stringify(document);
};

const directive = (document: Document) => {
  const first = document._aws.CloudWatchMetrics[0];
  if (!first) throw new Error("the example has one directive");
  return first;
};

const metric = (document: Document) => {
  const first = directive(document).Metrics[0];
  if (!first) throw new Error("the example has one metric");
  return first;
};

describe("the EMF check (schema + target members)", () => {
  it("accepts AWS's own example and the instrument's line", async () => {
    expect(emfProblems(JSON.stringify(awsExample))).toEqual([]);
    const sink = collect();
    await withRipcord(() => "ok", { write: sink.write, highResolution: true })({}, lambdaContext());
    expect(sink.lines).toHaveLength(1);
    expect(emfProblems(sink.lines[0] ?? "")).toEqual([]);
  });

  it.each<[string, (document: Document) => void, string]>([
    ["a missing Timestamp", (d) => Reflect.deleteProperty(d._aws, "Timestamp"), "'Timestamp'"],
    ["a Timestamp as a string", (d) => Reflect.set(d._aws, "Timestamp", "1574109732"), "integer"],
    ["a missing Namespace", (d) => Reflect.deleteProperty(directive(d), "Namespace"), "Namespace"],
    ["a whitespace Namespace", (d) => (directive(d).Namespace = "   "), "pattern"],
    ["a Namespace of 1025 characters", (d) => (directive(d).Namespace = "n".repeat(1025)), "1024"],
    ["a dimension not at the root", (d) => directive(d).Dimensions.push(["Resource"]), "Resource"],
    ["a number dimension", (d) => Reflect.set(d, "functionVersion", 7), "functionVersion"],
    ["a dimension value of 1025", (d) => (d.functionVersion = "v".repeat(1025)), "over 1024"],
    [
      "a DimensionSet of 31 keys",
      (d) => {
        const keys = Array.from({ length: 31 }, (_, i) => `k${i}`);
        for (const key of keys) d[key] = "x";
        directive(d).Dimensions = [keys];
      },
      "30 items",
    ],
    ["no DimensionSet at all", (d) => (directive(d).Dimensions = []), "1 items"],
    ["a metric not at the root", (d) => Reflect.deleteProperty(d, "time"), "metric time"],
    ["a string metric", (d) => Reflect.set(d, "time", "100"), "metric time"],
    ["an unknown unit", (d) => (metric(d).Unit = "Millis"), "allowed values"],
    ["a StorageResolution of 30", (d) => (metric(d).StorageResolution = 30), "allowed values"],
    ["an unknown directive member", (d) => Reflect.set(directive(d), "Extra", 1), "additional"],
    [
      "101 metric definitions",
      (d) => {
        directive(d).Metrics = Array.from({ length: 101 }, () => ({
          Name: "time",
          Unit: "Milliseconds",
          StorageResolution: 60,
        }));
      },
      "100 items",
    ],
  ])("rejects %s", (_, change, reason) => {
    expect(emfProblems(changed(change))).toContainEqual(expect.stringContaining(reason));
  });

  it("rejects a line that is not one JSON object on one line", () => {
    expect(emfProblems("START RequestId: 1")).not.toEqual([]);
    expect(emfProblems(`${JSON.stringify(awsExample)}\n{}`)).not.toEqual([]);
    expect(emfProblems(JSON.stringify(awsExample, null, 2))).not.toEqual([]);
  });
});
