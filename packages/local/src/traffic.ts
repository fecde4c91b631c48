import { CloudWatch } from "@ripcord/core/aws";
import {
  SOURCES,
  aliasDimensions,
  versionDimensions,
  type SignalSource,
} from "@ripcord/core/signals";
import type { MetricPublisher } from "./publisher.ts";

/** One version's traffic through the alias in one minute. */
export interface VersionMinute {
  invocations: number;
  errors: number;
  /** What the latency statistic would show for the minute. */
  latencyMs: number;
}

export interface TrafficMinute {
  /** ISO start of the minute. */
  start: string;
  byVersion: Record<string, VersionMinute>;
}

const MINUTES_PER_REQUEST = 15;

function count(
  source: SignalSource,
  measure: "requests" | "errors",
  dimensions: Record<string, string>,
  timestamp: string,
  value: number,
): CloudWatch.MetricPoint {
  const { namespace, metrics } = SOURCES[source];
  return { namespace, metric: metrics[measure], dimensions, timestamp, unit: "Count", value };
}

/**
 * Latency as pre-aggregated samples: one latency value with the request count as its sample
 * count, so both Maximum (what moto can compute) and the sample-weighted Average come out right.
 */
function latency(
  source: SignalSource,
  dimensions: Record<string, string>,
  timestamp: string,
  samples: Array<{ count: number; latencyMs: number }>,
): CloudWatch.MetricPoint {
  const latencies = samples.map((s) => s.latencyMs);
  const { namespace, metrics } = SOURCES[source];
  return {
    namespace,
    metric: metrics.latency,
    dimensions,
    timestamp,
    unit: "Milliseconds",
    statistics: {
      sampleCount: samples.reduce((sum, s) => sum + s.count, 0),
      sum: samples.reduce((sum, s) => sum + s.count * s.latencyMs, 0),
      minimum: Math.min(...latencies),
      maximum: Math.max(...latencies),
    },
  };
}

/**
 * The datapoints a source publishes for one minute of an alias's traffic, under its own namespace
 * and metric names (core's signals table): per version under {FunctionName, Resource,
 * ExecutedVersion}, and for the alias under {FunctionName, Resource} (counts summed over versions,
 * latency the maximum over versions). A row's `invocations` are the source's requests; a version
 * with none publishes nothing, as no source does.
 */
export function minutePoints(
  fn: string,
  alias: string,
  minute: TrafficMinute,
  source: SignalSource = "lambda",
): CloudWatch.MetricPoint[] {
  const active = Object.entries(minute.byVersion).filter(([, traffic]) => traffic.invocations > 0);
  if (active.length === 0) return [];
  const points = active.flatMap(([version, traffic]) => {
    const dimensions = versionDimensions(fn, alias, version);
    return [
      count(source, "requests", dimensions, minute.start, traffic.invocations),
      count(source, "errors", dimensions, minute.start, traffic.errors),
      latency(source, dimensions, minute.start, [
        { count: traffic.invocations, latencyMs: traffic.latencyMs },
      ]),
    ];
  });
  const sum = (pick: (t: VersionMinute) => number): number =>
    active.reduce((total, [, t]) => total + pick(t), 0);
  const whole = aliasDimensions(fn, alias);
  points.push(
    count(
      source,
      "requests",
      whole,
      minute.start,
      sum((t) => t.invocations),
    ),
    count(
      source,
      "errors",
      whole,
      minute.start,
      sum((t) => t.errors),
    ),
    latency(
      source,
      whole,
      minute.start,
      active.map(([, t]) => ({ count: t.invocations, latencyMs: t.latencyMs })),
    ),
  );
  return points;
}

export interface PublishOptions {
  /** Whose metrics the rows stand for (scenarios/labelled/README.md "Signal sources"); lambda by default. */
  signal?: SignalSource;
  /** Holds each datapoint until it is visible on the sandbox's clock; without it, all go at once (published on time). */
  publisher?: MetricPublisher;
  /** Progress as minutes done of the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Publishes the minutes to CloudWatch, oldest first. */
export async function publishTraffic(
  fn: string,
  alias: string,
  minutes: readonly TrafficMinute[],
  options: PublishOptions = {},
): Promise<void> {
  const { publisher, signal = "lambda", onProgress = () => undefined } = options;
  for (let i = 0; i < minutes.length; i += MINUTES_PER_REQUEST) {
    const batch = minutes.slice(i, i + MINUTES_PER_REQUEST);
    const points = batch.flatMap((minute) => minutePoints(fn, alias, minute, signal));
    await (publisher ? publisher.publish(points) : CloudWatch.putMetricData(points));
    onProgress(Math.min(i + MINUTES_PER_REQUEST, minutes.length), minutes.length);
  }
}
