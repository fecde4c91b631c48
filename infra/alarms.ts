/**
 * One CloudWatch alarm per spec (an error rate and a latency alarm per watched alias). Ripcord's
 * EventBridge rule listens for these by exact name; the alarms themselves have no actions.
 */
import { specs, type AlarmSpec } from "@ripcord/core/alarms";
import type { RipcordConfig } from "@ripcord/core/config";
import { toAlarmMetricQueries } from "./alarm-queries.ts";
import { alarmPrefix } from "./context.ts";

export function ripcordAlarmSpecs(config: RipcordConfig): AlarmSpec[] {
  return specs(config, { prefix: alarmPrefix, latencyStatistic: "p99" });
}

export function createAlarms(alarmSpecs: readonly AlarmSpec[]) {
  return alarmSpecs.map(
    (spec) =>
      new aws.cloudwatch.MetricAlarm(`Alarm-${spec.service}-${spec.function}-${spec.kind}`, {
        name: spec.name,
        alarmDescription: `Ripcord: ${spec.kind} of ${spec.function}:${spec.alias} (service ${spec.service}). Entering ALARM starts a verified rollback.`,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: spec.treatMissingData,
        metricQueries: toAlarmMetricQueries(spec.name, spec.queries, spec.returnId),
      }),
  );
}
