/**
 * Alarm specs carry their metrics as CloudWatch MetricDataQuery objects (the shape GetMetricData
 * and the sandbox use); `aws.cloudwatch.MetricAlarm` wants the same thing in Pulumi's spelling. Pure.
 */
import type { MetricDataQuery } from "@ripcord/core/alarms";
import { ConfigError } from "@ripcord/core/errors";

export interface AlarmMetricQuery {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metric?: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    period: number;
    stat: string;
  };
}

/**
 * Converts the spec's queries. Exactly one query feeds the alarm (`returnId`); CloudWatch rejects
 * an alarm whose queries return more than one series, so every other query is marked as input only.
 */
export function toAlarmMetricQueries(
  alarmName: string,
  queries: readonly MetricDataQuery[],
  returnId: string,
): AlarmMetricQuery[] {
  if (!queries.some((query) => query.Id === returnId)) {
    throw new ConfigError(`alarm ${alarmName}: no query has the return id "${returnId}"`);
  }
  return queries.map((query) => {
    const converted: AlarmMetricQuery = { id: query.Id, returnData: query.Id === returnId };
    if (query.Label) converted.label = query.Label;
    if (query.Expression) return { ...converted, expression: query.Expression };
    if (!query.MetricStat) {
      throw new ConfigError(
        `alarm ${alarmName}: query ${query.Id} has neither an Expression nor a MetricStat`,
      );
    }
    const { Metric, Period, Stat } = query.MetricStat;
    return {
      ...converted,
      metric: {
        namespace: Metric.Namespace,
        metricName: Metric.MetricName,
        dimensions: Object.fromEntries(
          Metric.Dimensions.map((dimension) => [dimension.Name, dimension.Value]),
        ),
        period: Period,
        stat: Stat,
      },
    };
  });
}
