import { randomUUID } from "node:crypto";
import * as Alarms from "@ripcord/core/alarms";
import { CloudWatch } from "@ripcord/core/aws";
import { evaluationIntervalSeconds } from "@ripcord/core/signals";
import type { SimulatedClock } from "./clock.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "./stepfunctions/index.ts";

/** One alarm evaluated at a tick from the metrics read back from the endpoint. */
export interface AlarmCheck {
  spec: Alarms.AlarmSpec;
  /** ISO time of the evaluation (the event's queryDate and state-change time). */
  queryDate: string;
  /** ISO starts of the evaluated periods, oldest first. */
  periods: string[];
  /** The alarm's value per period (undefined: no datapoint, which is not breaching). */
  values: Array<number | undefined>;
  evaluation: Alarms.Evaluation;
}

/**
 * The first evaluation tick at or after `ms`: CloudWatch evaluates an alarm on each minute, or each
 * 10 s for a sub-minute period (core's signals table).
 */
export function evaluationTick(ms: number, periodSeconds: number): number {
  const intervalMs = evaluationIntervalSeconds(periodSeconds) * 1000;
  return Math.ceil(ms / intervalMs) * intervalMs;
}

/**
 * What CloudWatch would do at the tick `at`: read the alarm's metrics with GetMetricData (the raw
 * metrics, since the local CloudWatch has no metric math), compute the value per period the way
 * the alarm's expression does, and apply M of N, over the alarm's last evaluationPeriods periods
 * that are published by then (`delayMs` after their end): CloudWatch evaluates the most recent
 * datapoints it has, so AWS's sample events show windows ending minutes before their queryDate.
 * With `delayMs` 0, the last complete periods before `at`.
 */
export async function checkAlarm(
  spec: Alarms.AlarmSpec,
  at: string,
  delayMs = 0,
): Promise<AlarmCheck> {
  const starts = Alarms.windowStarts(spec, new Date(Date.parse(at) - delayMs).toISOString());
  const end = (starts.at(-1) ?? Date.parse(at)) + spec.periodSeconds * 1000;
  const series = await CloudWatch.getMetricData(
    Alarms.rawQueries(spec),
    new Date(starts[0] ?? end).toISOString(),
    new Date(end).toISOString(),
  );
  const value = (id: string, start: number): number | undefined => {
    const found = series[id];
    const index = found?.timestamps.findIndex((t) => Date.parse(t) === start) ?? -1;
    return index >= 0 ? found?.values[index] : undefined;
  };
  const values = starts.map((start) =>
    Alarms.valueOf(spec, {
      requests: value(Alarms.QUERY_IDS.requests, start),
      errors: value(Alarms.QUERY_IDS.errors, start),
      latencyMs: value(Alarms.QUERY_IDS.latency, start),
    }),
  );
  return {
    spec,
    queryDate: new Date(at).toISOString(),
    periods: starts.map((start) => new Date(start).toISOString()),
    values,
    evaluation: Alarms.evaluate(spec, values),
  };
}

/**
 * The alarms as CloudWatch evaluates them from `from` on: at each tick (each minute, or each 10 s
 * for a sub-minute period) until one is in ALARM or `until` has been evaluated, the clock moved to
 * each tick first (so whatever it runs, more requests and their publication, happens before).
 * Returns the checks of the last tick evaluated; the clock stays there.
 */
export async function watchAlarms(
  specs: readonly Alarms.AlarmSpec[],
  clock: SimulatedClock,
  window: { from: number; until: number; delayMs: number },
): Promise<AlarmCheck[]> {
  const periodSeconds = Math.max(...specs.map((spec) => spec.periodSeconds));
  const intervalMs = evaluationIntervalSeconds(periodSeconds) * 1000;
  for (let at = window.from; ; at += intervalMs) {
    await clock.advanceTo(at);
    const checks: AlarmCheck[] = [];
    for (const spec of specs) checks.push(await checkAlarm(spec, clock.iso(), window.delayMs));
    if (checks.some((c) => c.evaluation.state === "ALARM") || at + intervalMs > window.until)
      return checks;
  }
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

/**
 * `state.reasonData` as CloudWatch writes it for a metric alarm: queryDate, the start of the first
 * evaluated period, the period, the recent values, the threshold, and the evaluated periods newest
 * first, each with its value where it had one (the CloudWatch User Guide's samples, "Alarm events
 * and EventBridge" and "Invoke a Lambda function from an alarm").
 */
function reasonData(check: AlarmCheck): Record<string, unknown> {
  return {
    version: "1.0",
    queryDate: cloudWatchTime(check.queryDate),
    startDate: cloudWatchTime(check.periods[0] ?? check.queryDate),
    period: check.spec.periodSeconds,
    recentDatapoints: check.values.filter((v) => v !== undefined),
    threshold: check.spec.threshold,
    evaluatedDatapoints: check.periods
      .map((start, i) => {
        const value = check.values[i];
        return { timestamp: cloudWatchTime(start), ...(value !== undefined && { value }) };
      })
      .reverse(),
  };
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
        reasonData: JSON.stringify(reasonData(check)),
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
  await CloudWatch.setAlarmState(
    check.spec.name,
    check.evaluation.state,
    stateReason(check),
    reasonData(check),
  );
}
