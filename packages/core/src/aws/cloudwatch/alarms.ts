import {
  paginateDescribeAlarms,
  PutMetricAlarmCommand,
  SetAlarmStateCommand,
  type MetricDataQuery,
  type StateValue,
} from "@aws-sdk/client-cloudwatch";
import { NotFoundError } from "../../errors/index.ts";
import { cloudWatch } from "./client.ts";
import { awsCall } from "../failure.ts";

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export interface AlarmStatus {
  name: string;
  state: AlarmStateValue;
  reason?: string;
  /**
   * ISO time of the last state change: CloudWatch's StateTransitionedTimestamp, which (unlike
   * StateUpdatedTimestamp) stays put while the alarm remains in its state; the update time where
   * an endpoint (moto) returns no transition time.
   */
  updatedAt?: string;
}

/**
 * What putMetricAlarm needs of an alarm spec (core/alarms' AlarmSpec has these fields and more).
 * `queries` are GetMetricData-shaped; the one named `returnId` is the value compared to `threshold`.
 */
export interface AlarmDefinition {
  name: string;
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: "notBreaching" | "breaching" | "ignore" | "missing";
  queries: MetricDataQuery[];
  returnId: string;
  service?: string;
  function?: string;
  alias?: string;
  kind?: string;
  description?: string;
}

const STATES = new Set<string>(["OK", "ALARM", "INSUFFICIENT_DATA"]);

function isStateValue(value: string | undefined): value is AlarmStateValue {
  return value !== undefined && STATES.has(value);
}

/** Current states of the named metric alarms; names that do not exist are left out. */
export async function describeAlarms(names: string[]): Promise<AlarmStatus[]> {
  const statuses: AlarmStatus[] = [];
  // DescribeAlarms accepts at most 100 names per request.
  for (let i = 0; i < names.length; i += 100) {
    const batch = names.slice(i, i + 100);
    await awsCall("CloudWatch DescribeAlarms", async () => {
      for await (const page of paginateDescribeAlarms(
        { client: cloudWatch() },
        { AlarmNames: batch, AlarmTypes: ["MetricAlarm"] },
      )) {
        for (const alarm of page.MetricAlarms ?? []) {
          if (!alarm.AlarmName || !isStateValue(alarm.StateValue)) continue;
          statuses.push({
            name: alarm.AlarmName,
            state: alarm.StateValue,
            reason: alarm.StateReason,
            updatedAt: (
              alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp
            )?.toISOString(),
          });
        }
      }
    });
  }
  return statuses;
}

export async function setAlarmState(
  name: string,
  state: AlarmStateValue,
  reason: string,
  reasonData?: unknown,
): Promise<void> {
  await awsCall(
    "CloudWatch SetAlarmState",
    () =>
      cloudWatch().send(
        new SetAlarmStateCommand({
          AlarmName: name,
          StateValue: state satisfies StateValue,
          StateReason: reason,
          StateReasonData: reasonData === undefined ? undefined : JSON.stringify(reasonData),
        }),
      ),
    (code, error) =>
      code === "ResourceNotFound"
        ? new NotFoundError(`alarm ${name} does not exist`, { cause: error })
        : undefined,
  );
}

/** Creates or replaces the alarm; it breaches when the `returnId` series is above the threshold. */
export async function putMetricAlarm(spec: AlarmDefinition): Promise<void> {
  const tags = Object.entries({
    "ripcord:service": spec.service,
    "ripcord:function": spec.function,
    "ripcord:alias": spec.alias,
    "ripcord:kind": spec.kind,
  })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([Key, Value]) => ({ Key, Value }));
  await awsCall("CloudWatch PutMetricAlarm", () =>
    cloudWatch().send(
      new PutMetricAlarmCommand({
        AlarmName: spec.name,
        AlarmDescription: spec.description,
        ComparisonOperator: "GreaterThanThreshold",
        Threshold: spec.threshold,
        EvaluationPeriods: spec.evaluationPeriods,
        DatapointsToAlarm: spec.datapointsToAlarm,
        TreatMissingData: spec.treatMissingData,
        Metrics: spec.queries.map((query) => ({
          ...query,
          ReturnData: query.Id === spec.returnId,
        })),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    ),
  );
}
