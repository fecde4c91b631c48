import { CloudWatch } from "@ripcord/core/aws";

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

const NAMESPACE = "AWS/Lambda";
const MINUTES_PER_REQUEST = 15;

function point(
  metric: string,
  dimensions: Record<string, string>,
  timestamp: string,
  value: number,
): CloudWatch.MetricPoint {
  return { namespace: NAMESPACE, metric, dimensions, timestamp, unit: "Count", value };
}

/**
 * Duration as pre-aggregated samples: one latency value with the invocation count as its sample
 * count, so both Maximum (what moto can compute) and the sample-weighted Average come out right.
 */
function duration(
  dimensions: Record<string, string>,
  timestamp: string,
  samples: Array<{ count: number; latencyMs: number }>,
): CloudWatch.MetricPoint {
  const latencies = samples.map((s) => s.latencyMs);
  return {
    namespace: NAMESPACE,
    metric: "Duration",
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
 * The datapoints Lambda publishes for one minute of an alias's traffic: per version under
 * {FunctionName, Resource, ExecutedVersion}, and for the alias under {FunctionName, Resource}
 * (counts summed over versions, latency the maximum over versions). A version with no
 * invocations publishes nothing, as Lambda does.
 */
export function minutePoints(
  fn: string,
  alias: string,
  minute: TrafficMinute,
): CloudWatch.MetricPoint[] {
  const aliasDimensions = { FunctionName: fn, Resource: `${fn}:${alias}` };
  const active = Object.entries(minute.byVersion).filter(([, traffic]) => traffic.invocations > 0);
  if (active.length === 0) return [];
  const points = active.flatMap(([version, traffic]) => {
    const dimensions = { ...aliasDimensions, ExecutedVersion: version };
    return [
      point("Invocations", dimensions, minute.start, traffic.invocations),
      point("Errors", dimensions, minute.start, traffic.errors),
      duration(dimensions, minute.start, [
        { count: traffic.invocations, latencyMs: traffic.latencyMs },
      ]),
    ];
  });
  const sum = (pick: (t: VersionMinute) => number): number =>
    active.reduce((total, [, t]) => total + pick(t), 0);
  points.push(
    point(
      "Invocations",
      aliasDimensions,
      minute.start,
      sum((t) => t.invocations),
    ),
    point(
      "Errors",
      aliasDimensions,
      minute.start,
      sum((t) => t.errors),
    ),
    duration(
      aliasDimensions,
      minute.start,
      active.map(([, t]) => ({ count: t.invocations, latencyMs: t.latencyMs })),
    ),
  );
  return points;
}

/** Publishes the minutes to CloudWatch, oldest first, reporting progress as minutes done of the total. */
export async function publishTraffic(
  fn: string,
  alias: string,
  minutes: readonly TrafficMinute[],
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  for (let i = 0; i < minutes.length; i += MINUTES_PER_REQUEST) {
    const batch = minutes.slice(i, i + MINUTES_PER_REQUEST);
    await CloudWatch.putMetricData(batch.flatMap((minute) => minutePoints(fn, alias, minute)));
    onProgress(Math.min(i + MINUTES_PER_REQUEST, minutes.length), minutes.length);
  }
}
