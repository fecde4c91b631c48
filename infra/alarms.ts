/**
 * One CloudWatch alarm per spec (an error rate and a latency alarm per watched alias, or per
 * watch-only function on $LATEST). Ripcord's EventBridge rule listens for these by exact name; the
 * alarms themselves have no actions (the trigger notifies for a watch-only one).
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
        alarmDescription: spec.watchOnly
          ? `Ripcord: ${spec.kind} of ${spec.function}:${spec.alias} (service ${spec.service}, watch-only). Entering ALARM notifies; nothing is rolled back.`
          : `Ripcord: ${spec.kind} of ${spec.function}:${spec.alias} (service ${spec.service}). Entering ALARM starts a verified rollback.`,
        comparisonOperator: spec.comparisonOperator,
        threshold: spec.threshold,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.datapointsToAlarm,
        treatMissingData: spec.treatMissingData,
        metricQueries: toAlarmMetricQueries(spec.name, spec.queries, spec.returnId),
      }),
  );
}
