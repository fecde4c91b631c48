import * as z from "zod";
import type { CloudWatch } from "@ripcord/core/aws";
import { RipcordError } from "@ripcord/core/errors";
import { SOURCES, aliasDimensions, versionDimensions } from "@ripcord/core/signals";
import type { Served } from "./lambda-host.ts";

/*
 * What AWS makes of the requests the sandbox served (docs/design.md "Signals"): Lambda's own
 * metrics and the function URL's per minute, and the instrument's EMF lines as CloudWatch Logs
 * extracts them. Each under the alias level {FunctionName, Resource} and the version level
 * {FunctionName, Resource, ExecutedVersion}.
 */

/** The function URL's own overhead over the handler's run time, simulated: UrlRequestLatency > Duration. */
const URL_OVERHEAD_MS = 3;

type Unit = "Count" | "Milliseconds";

interface Bucket {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  startMs: number;
  unit: Unit;
  count: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/** Samples summed per metric, dimension set and period, as CloudWatch aggregates them. */
class Aggregate {
  readonly #buckets = new Map<string, Bucket>();

  add(
    at: { namespace: string; metric: string; dimensions: Record<string, string> },
    startMs: number,
    unit: Unit,
    value: number,
  ): void {
    // A joined key, not JSON.stringify: this runs six times per request and metric.
    const dimensions = Object.entries(at.dimensions).flat().join("\u0000");
    const key = `${at.namespace}\u0000${at.metric}\u0000${dimensions}\u0000${startMs}`;
    const bucket = this.#buckets.get(key) ?? {
      ...at,
      startMs,
      unit,
      count: 0,
      sum: 0,
      minimum: value,
      maximum: value,
    };
    bucket.count += 1;
    bucket.sum += value;
    bucket.minimum = Math.min(bucket.minimum, value);
    bucket.maximum = Math.max(bucket.maximum, value);
    this.#buckets.set(key, bucket);
  }

  /** Counts as their sum (the statistic alarms read), other units as statistic sets. */
  points(): CloudWatch.MetricPoint[] {
    return [...this.#buckets.values()].map((b) => {
      const base = {
        namespace: b.namespace,
        metric: b.metric,
        dimensions: b.dimensions,
        timestamp: new Date(b.startMs).toISOString(),
        unit: b.unit,
      };
      return b.unit === "Count"
        ? { ...base, value: b.sum }
        : {
            ...base,
            statistics: {
              sampleCount: b.count,
              sum: b.sum,
              minimum: b.minimum,
              maximum: b.maximum,
            },
          };
    });
  }
}

const startOf = (ms: number, periodMs: number): number => Math.floor(ms / periodMs) * periodMs;

/**
 * AWS/Lambda's metrics of the requests per `periodMs` (a minute), for one source: `lambda` is
 * `Invocations`, `Errors` (throws and rejections only: a 500 the app answered is a successful
 * invocation), `Duration`; `url` is the function URL's `UrlRequestCount`, `Url5xxCount` (any 5xx,
 * the 502 of a failed invocation included), `UrlRequestLatency`. Every period with requests gets
 * its counts, zeros included.
 */
export function lambdaMetrics(
  source: "lambda" | "url",
  fn: string,
  alias: string,
  served: readonly Served[],
  periodMs: number,
): CloudWatch.MetricPoint[] {
  const { namespace, metrics } = SOURCES[source];
  const aggregate = new Aggregate();
  for (const request of served) {
    const startMs = startOf(request.atMs, periodMs);
    const failed = source === "lambda" ? request.threw : request.status >= 500;
    const latencyMs = request.latencyMs + (source === "url" ? URL_OVERHEAD_MS : 0);
    for (const dimensions of [
      aliasDimensions(fn, alias),
      versionDimensions(fn, alias, request.version),
    ]) {
      const add = (metric: string, unit: Unit, value: number): void =>
        aggregate.add({ namespace, metric, dimensions }, startMs, unit, value);
      add(metrics.requests, "Count", 1);
      add(metrics.errors, "Count", failed ? 1 : 0);
      add(metrics.latency, "Milliseconds", latencyMs);
    }
  }
  return aggregate.points();
}

/** The part of an EMF document CloudWatch Logs reads ("Embedded metric format specification"). */
const EmfDocument = z.looseObject({
  _aws: z.looseObject({
    Timestamp: z.number(),
    CloudWatchMetrics: z.array(
      z.looseObject({
        Namespace: z.string().min(1),
        Dimensions: z.array(z.array(z.string())),
        Metrics: z.array(
          z.looseObject({
            Name: z.string().min(1),
            Unit: z.enum(["Count", "Milliseconds"]).optional(),
          }),
        ),
      }),
    ),
  }),
});

/** A member the directive names, read from the document's root. */
function rootMember(document: Record<string, unknown>, name: string, what: string): unknown {
  if (!(name in document))
    throw new RipcordError(`an EMF line names ${what} "${name}" that it does not carry`);
  return document[name];
}

/**
 * The instrument's lines as CloudWatch Logs extracts them: for each directive, each metric under
 * each dimension set, its value from the document's root, summed per `periodMs`. The sandbox ran
 * the request at a simulated time for a simulated run time, while the handler's own clocks read
 * the wall clock: so the datapoint is stamped with the request's time and `Latency` is the
 * request's simulated run time; the counts are the line's own.
 */
export function emfMetrics(served: readonly Served[], periodMs: number): CloudWatch.MetricPoint[] {
  const aggregate = new Aggregate();
  for (const request of served) {
    for (const line of request.emf) {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (cause) {
        throw new RipcordError(`a handler wrote an EMF line that is not JSON: ${line}`, { cause });
      }
      const parsed = EmfDocument.safeParse(json);
      if (!parsed.success)
        throw new RipcordError(`a handler wrote a line that is not an EMF document: ${line}`, {
          cause: parsed.error,
        });
      const document: Record<string, unknown> = parsed.data;
      for (const directive of parsed.data._aws.CloudWatchMetrics) {
        for (const set of directive.Dimensions) {
          const dimensions = Object.fromEntries(
            set.map((name) => [name, String(rootMember(document, name, "the dimension"))]),
          );
          for (const metric of directive.Metrics) {
            const raw = rootMember(document, metric.Name, "the metric");
            const value = metric.Unit === "Milliseconds" ? request.latencyMs : raw;
            if (typeof value !== "number")
              throw new RipcordError(`the EMF metric ${metric.Name} is not a number: ${line}`);
            aggregate.add(
              { namespace: directive.Namespace, metric: metric.Name, dimensions },
              startOf(request.atMs, periodMs),
              metric.Unit ?? "Count",
              value,
            );
          }
        }
      }
    }
  }
  return aggregate.points();
}
