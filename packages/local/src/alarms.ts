import { randomUUID } from "node:crypto";
import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch } from "@ripcord/core/aws";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./stepfunctions/index.ts";

/** One alarm evaluated at "now" from the metrics read back from the endpoint. */
export interface AlarmCheck {
  spec: Alarms.AlarmSpec;
  /** ISO starts of the evaluated periods, oldest first, the last one ending at "now". */
  periods: string[];
  /** The alarm's value per period (undefined: no datapoint, which is not breaching). */
  values: Array<number | undefined>;
  evaluation: Alarms.Evaluation;
}

/**
 * What CloudWatch would do at "now": read the alarm's metrics for its last evaluationPeriods
 * periods with GetMetricData (the raw metrics, since the local CloudWatch has no metric math),
 * compute the value per period the way the alarm's expression does, and apply M of N.
 */
export async function checkAlarm(spec: Alarms.AlarmSpec, now: string): Promise<AlarmCheck> {
  const starts = Alarms.windowStarts(spec, now);
  const end = (starts.at(-1) ?? Date.parse(now)) + spec.periodSeconds * 1000;
  const series = await CloudWatch.getMetricData(
    Alarms.rawQueries(spec),
    new Date(starts[0] ?? end).toISOString(),
    new Date(end).toISOString(),
  );
  const at = (id: string, start: number): number | undefined => {
    const found = series[id];
    const index = found?.timestamps.findIndex((t) => Date.parse(t) === start) ?? -1;
    return index >= 0 ? found?.values[index] : undefined;
  };
  const values = starts.map((start) =>
    Alarms.valueOf(spec, {
      invocations: at(Alarms.QUERY_IDS.invocations, start),
      errors: at(Alarms.QUERY_IDS.errors, start),
      latencyMs: at(Alarms.QUERY_IDS.latency, start),
    }),
  );
  return {
    spec,
    periods: starts.map((start) => new Date(start).toISOString()),
    values,
    evaluation: Alarms.evaluate(spec, values),
  };
}

const UNIT = { errorRate: "%", latency: " ms" } as const;

function formatValue(spec: Alarms.AlarmSpec, value: number): string {
  return `${Number(value.toFixed(2))}${UNIT[spec.kind]}`;
}

/** CloudWatch's own wording of a threshold crossing, with the datapoints. */
export function stateReason(check: AlarmCheck): string {
  const { spec, evaluation } = check;
  const shown = check.values
    .map((value, i) =>
      value === undefined ? undefined : `${Number(value.toFixed(3))} (${check.periods[i]})`,
    )
    .filter((entry) => entry !== undefined);
  const verb = evaluation.state === "ALARM" ? "were" : "was not";
  return (
    `Threshold Crossed: ${evaluation.breaching} out of the last ${spec.evaluationPeriods} datapoints [${shown.join(", ")}] ` +
    `${verb} greater than the threshold (${spec.threshold}) (minimum ${spec.datapointsToAlarm} datapoints for OK -> ALARM transition).`
  );
}

/** One line for people: which alarm, its value against the threshold, M of N. */
export function describeCheck(check: AlarmCheck): string {
  const { spec, evaluation } = check;
  const latest =
    evaluation.value === undefined ? "no datapoint" : formatValue(spec, evaluation.value);
  const what = spec.kind === "errorRate" ? "error rate" : "latency";
  return (
    `${spec.name} ${evaluation.state}: ${what} ${latest} vs threshold ${formatValue(spec, spec.threshold)}, ` +
    `${evaluation.breaching} of the last ${spec.evaluationPeriods} periods breaching (${spec.datapointsToAlarm} needed)`
  );
}

/** CloudWatch's timestamp format in alarm events: "2026-11-27T14:03:00.000+0000". */
function cloudWatchTime(iso: string): string {
  return new Date(iso).toISOString().replace("Z", "+0000");
}

/** The alarm's metrics as the event's `configuration.metrics` shows them (lower-case keys). */
function eventMetrics(spec: Alarms.AlarmSpec): unknown[] {
  return spec.queries.map((query) => ({
    id: query.Id,
    returnData: query.Id === spec.returnId,
    ...(query.Expression !== undefined && { expression: query.Expression, label: query.Label }),
    ...(query.MetricStat && {
      metricStat: {
        metric: {
          namespace: query.MetricStat.Metric.Namespace,
          name: query.MetricStat.Metric.MetricName,
          dimensions: Object.fromEntries(
            query.MetricStat.Metric.Dimensions.map((d) => [d.Name, d.Value]),
          ),
        },
        period: query.MetricStat.Period,
        stat: query.MetricStat.Stat,
      },
    }),
  }));
}

/** The EventBridge "CloudWatch Alarm State Change" event CloudWatch emits when the alarm changes state at `now`. */
export function alarmStateChangeEvent(
  check: AlarmCheck,
  now: string,
  previous: { value: string; timestamp?: string },
): Record<string, unknown> {
  const { spec, evaluation } = check;
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "CloudWatch Alarm State Change",
    source: "aws.cloudwatch",
    account: LOCAL_ACCOUNT,
    time: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: LOCAL_REGION,
    resources: [`arn:aws:cloudwatch:${LOCAL_REGION}:${LOCAL_ACCOUNT}:alarm:${spec.name}`],
    detail: {
      alarmName: spec.name,
      state: {
        value: evaluation.state,
        reason: stateReason(check),
        reasonData: JSON.stringify({
          version: "1.0",
          queryDate: cloudWatchTime(now),
          startDate: cloudWatchTime(check.periods[0] ?? now),
          period: spec.periodSeconds,
          recentDatapoints: check.values.filter((v) => v !== undefined),
          threshold: spec.threshold,
        }),
        timestamp: cloudWatchTime(now),
      },
      previousState: {
        value: previous.value,
        ...(previous.timestamp && { timestamp: cloudWatchTime(previous.timestamp) }),
      },
      configuration: {
        description: `Ripcord ${spec.kind} alarm of ${spec.function}:${spec.alias}`,
        metrics: eventMetrics(spec),
      },
    },
  };
}

/** The alarm's state as the endpoint holds it (a fresh alarm starts in INSUFFICIENT_DATA). */
export async function currentState(name: string): Promise<{ value: string; timestamp?: string }> {
  const [status] = await CloudWatch.describeAlarms([name]);
  return {
    value: status?.state ?? "INSUFFICIENT_DATA",
    ...(status?.updatedAt && { timestamp: status.updatedAt }),
  };
}

/** Moves the alarm to its evaluated state in the endpoint, so other clients (the API, the AWS CLI) see it too. */
export async function recordState(check: AlarmCheck): Promise<void> {
  await CloudWatch.setAlarmState(check.spec.name, check.evaluation.state, stateReason(check), {
    version: "1.0",
    recentDatapoints: check.values.filter((v) => v !== undefined),
    threshold: check.spec.threshold,
  });
}
