import type { MetricDataQuery, SignalSource } from "../signals/index.ts";
import type { AlarmKind } from "../verify/types.ts";

export type { Dimension, MetricDataQuery } from "../signals/index.ts";

/**
 * The statistic of Lambda's Duration that the latency alarms and the verification read: a
 * percentile (p99, p99.9) or Maximum, Average, Minimum. Infra sets p99.
 */
export type LatencyStatistic = `p${number}` | "Maximum" | "Average" | "Minimum";

const LATENCY_STATISTIC = /^(p(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)|Maximum|Average|Minimum)$/;

/** Whether `value` names a statistic CloudWatch computes for Duration (percentiles to two decimals). */
export function isLatencyStatistic(value: string): value is LatencyStatistic {
  return LATENCY_STATISTIC.test(value);
}

export interface AlarmSpec {
  name: string;
  service: string;
  function: string;
  alias: string;
  kind: AlarmKind;
  /** Where its metrics come from (the service's signal source). */
  signal: SignalSource;
  /** Percent (error rate) or milliseconds (latency); breaching when the value is above it. */
  threshold: number;
  comparisonOperator: "GreaterThanThreshold";
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: "notBreaching";
  queries: MetricDataQuery[];
  /** Id of the query whose values the alarm compares with the threshold. */
  returnId: string;
  /**
   * The service is watch-only (config `watchOnly`): `alias` is `$LATEST`, and entering ALARM
   * notifies without starting a rollback (rollback/watch-only.ts).
   */
  watchOnly?: true;
}

/** The raw values of one period, as the sandbox reads them back without metric math. */
export interface RawPeriod {
  requests?: number;
  errors?: number;
  latencyMs?: number;
}

export interface Evaluation {
  state: "ALARM" | "OK";
  /** Breaching datapoints among the last evaluationPeriods. */
  breaching: number;
  /** The most recent datapoint, if any. */
  value?: number;
}
