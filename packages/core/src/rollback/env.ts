import { isLatencyStatistic, type LatencyStatistic } from "../alarms/types.ts";
import { ConfigError } from "../errors/index.ts";

/** Settings infra hands every function beside RIPCORD_CONFIG; read when used, never at import. */
export function alarmPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.RIPCORD_ALARM_PREFIX;
  if (!prefix)
    throw new ConfigError("RIPCORD_ALARM_PREFIX is not set: infra sets it to ripcord-<stage>");
  return prefix;
}

/** RIPCORD_LATENCY_STATISTIC, p99 when unset: what the latency alarms and the verification read. */
export function latencyStatistic(env: NodeJS.ProcessEnv = process.env): LatencyStatistic {
  const statistic = env.RIPCORD_LATENCY_STATISTIC ?? "p99";
  if (!isLatencyStatistic(statistic)) {
    throw new ConfigError(
      `RIPCORD_LATENCY_STATISTIC must be a statistic of Lambda's Duration (a percentile such as p99, or Maximum, Average, Minimum); got "${statistic}"`,
    );
  }
  return statistic;
}

export function topicArn(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.RIPCORD_TOPIC_ARN || undefined;
}
