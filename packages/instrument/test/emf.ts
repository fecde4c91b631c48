import { Ajv } from "ajv";
import schema from "./emf-schema.json" with { type: "json" };

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * What is wrong with one log line as an Embedded Metric Format document: the JSON Schema
 * (emf-schema.json, from AWS's "Specification: Embedded metric format"), then the target-member
 * rules a schema cannot state: every name a DimensionSet or a MetricDefinition references must be
 * a member of the root node, a dimension target a string of at most 1024 characters, a metric
 * target a number or an array of at most 100 numbers. Empty when the line is valid.
 */
export const emfProblems = (line: string): string[] => {
  // One log event per line: CloudWatch Logs reads the event as the whole JSON object.
  if (line.includes("\n")) return ["the line contains a newline"];
  let document: unknown;
  try {
    document = JSON.parse(line);
  } catch (error) {
    return [`not JSON: ${String(error)}`];
  }
  if (!validate(document)) {
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
  }
  if (!isRecord(document)) return ["not an object"];
  const problems: string[] = [];
  const metadata = document._aws;
  for (const directive of list(isRecord(metadata) ? metadata.CloudWatchMetrics : undefined)) {
    if (!isRecord(directive)) continue;
    for (const key of list(directive.Dimensions).flatMap(list)) {
      const target = typeof key === "string" ? document[key] : undefined;
      if (typeof target !== "string") problems.push(`dimension ${String(key)}: no string member`);
      else if (target.length > 1024)
        problems.push(`dimension ${String(key)}: over 1024 characters`);
    }
    for (const definition of list(directive.Metrics)) {
      const name = isRecord(definition) ? definition.Name : undefined;
      const target = typeof name === "string" ? document[name] : undefined;
      const numeric =
        typeof target === "number" ||
        (Array.isArray(target) &&
          target.length <= 100 &&
          target.every((v) => typeof v === "number"));
      if (!numeric) problems.push(`metric ${String(name)}: no numeric member`);
    }
  }
  return problems;
};
