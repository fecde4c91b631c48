/**
 * The variables every Ripcord function reads (see packages/core/src/rollback/env.ts). Pure (no SST
 * globals): values are Pulumi outputs under SST, strings in tests/infra/limits.test.ts.
 *
 * The config is not among them: it is bundled into each function's code (infra/functions.ts),
 * since its size grows with the watched functions and Lambda caps the environment at 4 KB.
 */
export function baseEnvironment<T>(values: {
  tableName: T;
  topicArn: T;
  alarmPrefix: string;
}): Record<string, T | string> {
  return {
    RIPCORD_TABLE: values.tableName,
    RIPCORD_TOPIC_ARN: values.topicArn,
    RIPCORD_ALARM_PREFIX: values.alarmPrefix,
    RIPCORD_LATENCY_STATISTIC: "p99",
  };
}
