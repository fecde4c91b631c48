import { SOURCES, type Measure, type SignalSource } from "./sources.ts";

export interface Dimension {
  Name: string;
  Value: string;
}

/**
 * A CloudWatch MetricDataQuery as a plain object: PutMetricAlarm's Metrics, GetMetricData and
 * Pulumi's metricQueries (infra converts the spelling) all take this shape.
 */
export interface MetricDataQuery {
  Id: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: Dimension[] };
    Period: number;
    Stat: string;
  };
  Expression?: string;
  Label?: string;
  ReturnData: boolean;
}

/**
 * The alias-level dimension set every source publishes under: Resource is `<FunctionName>:<alias>`,
 * AWS/Lambda's own form, which the instrument copies (docs/design.md "Signals").
 */
export function aliasDimensions(fn: string, alias: string): Record<string, string> {
  return { FunctionName: fn, Resource: `${fn}:${alias}` };
}

/** The version-level set: the alias level plus the version that served (ExecutedVersion). */
export function versionDimensions(
  fn: string,
  alias: string,
  version: string,
): Record<string, string> {
  return { ...aliasDimensions(fn, alias), ExecutedVersion: version };
}

/** One measure of a source as a query: the source's namespace and metric name, never restated. */
export function measureQuery(
  id: string,
  source: SignalSource,
  measure: Measure,
  dimensions: Record<string, string>,
  period: number,
  stat: string,
  returnData: boolean,
): MetricDataQuery {
  const { namespace, metrics } = SOURCES[source];
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: metrics[measure],
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: period,
      Stat: stat,
    },
    ReturnData: returnData,
  };
}
