import {
  GetMetricDataCommand,
  PutMetricDataCommand,
  type GetMetricDataCommandInput,
  type MetricDataQuery,
  type MetricDatum,
  type StandardUnit,
} from "@aws-sdk/client-cloudwatch";
import { InputError } from "../../errors/index.ts";
import { cloudWatch } from "./client.ts";
import { awsCall } from "../failure.ts";

export type { MetricDataQuery, StandardUnit };

/** One query's datapoints, oldest first; `timestamps` are ISO period starts. */
export interface MetricSeries {
  timestamps: string[];
  values: number[];
}

/** One value (or one pre-aggregated set of samples) to publish. */
export interface MetricPoint {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  /** ISO time of the datapoint. */
  timestamp: string;
  unit?: StandardUnit;
  value?: number;
  /** Pre-aggregated samples, e.g. a Duration with the invocation count as its sample count. */
  statistics?: { sampleCount: number; sum: number; minimum: number; maximum: number };
}

// PutMetricData takes at most 1000 datums (1 MB) per request; stay well inside both.
const PUT_BATCH = 500;

function epoch(iso: string, field: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new InputError(`${field} is not a valid time: "${iso}"`);
  return date;
}

/**
 * GetMetricData over [from, to), every page (NextToken) merged. Queries with no data come back
 * with empty series, so a caller can index by id without guarding for missing keys.
 */
export async function getMetricData(
  queries: MetricDataQuery[],
  from: string,
  to: string,
): Promise<Record<string, MetricSeries>> {
  const points = new Map<string, Array<[number, number]>>();
  for (const query of queries) if (query.Id) points.set(query.Id, []);
  const request: GetMetricDataCommandInput = {
    MetricDataQueries: queries,
    StartTime: epoch(from, "from"),
    EndTime: epoch(to, "to"),
    ScanBy: "TimestampAscending",
  };

  let nextToken: string | undefined;
  do {
    const page = await awsCall("CloudWatch GetMetricData", () =>
      cloudWatch().send(new GetMetricDataCommand({ ...request, NextToken: nextToken })),
    );
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const into = points.get(result.Id) ?? [];
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((timestamp, i) => {
        const value = values[i];
        if (value !== undefined) into.push([timestamp.getTime(), value]);
      });
      points.set(result.Id, into);
    }
    nextToken = page.NextToken;
  } while (nextToken);

  const series: Record<string, MetricSeries> = {};
  for (const [id, pairs] of points) {
    pairs.sort((a, b) => a[0] - b[0]);
    series[id] = {
      timestamps: pairs.map(([t]) => new Date(t).toISOString()),
      values: pairs.map(([, v]) => v),
    };
  }
  return series;
}

function datum(point: MetricPoint): MetricDatum {
  return {
    MetricName: point.metric,
    Dimensions: Object.entries(point.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: epoch(point.timestamp, "timestamp"),
    Unit: point.unit,
    Value: point.value,
    StatisticValues: point.statistics && {
      SampleCount: point.statistics.sampleCount,
      Sum: point.statistics.sum,
      Minimum: point.statistics.minimum,
      Maximum: point.statistics.maximum,
    },
  };
}

/** Publishes points (any number, any namespaces), batched per namespace. */
export async function putMetricData(points: MetricPoint[]): Promise<void> {
  const byNamespace = new Map<string, MetricDatum[]>();
  for (const point of points) {
    const list = byNamespace.get(point.namespace) ?? [];
    list.push(datum(point));
    byNamespace.set(point.namespace, list);
  }
  for (const [namespace, data] of byNamespace) {
    for (let i = 0; i < data.length; i += PUT_BATCH) {
      const batch = data.slice(i, i + PUT_BATCH);
      await awsCall("CloudWatch PutMetricData", () =>
        cloudWatch().send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch })),
      );
    }
  }
}
