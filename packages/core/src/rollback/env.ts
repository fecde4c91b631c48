import type { LatencyStatistic } from "../alarms/types.ts";
import { ConfigError } from "../errors/index.ts";

/** Settings infra (or the sandbox) hands every function beside RIPCORD_CONFIG; read when used, never at import. */
export function alarmPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.RIPCORD_ALARM_PREFIX;
  if (!prefix)
    throw new ConfigError("RIPCORD_ALARM_PREFIX is not set: infra sets it to ripcord-<stage>");
  return prefix;
}

/** p99 on AWS; the sandbox passes Maximum because moto computes no percentiles. */
export function latencyStatistic(env: NodeJS.ProcessEnv = process.env): LatencyStatistic {
  const statistic = env.RIPCORD_LATENCY_STATISTIC ?? "p99";
  if (statistic !== "p99" && statistic !== "Maximum") {
    throw new ConfigError(
      `RIPCORD_LATENCY_STATISTIC must be p99 (AWS) or Maximum (the sandbox); got "${statistic}"`,
    );
  }
  return statistic;
}

export function topicArn(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.RIPCORD_TOPIC_ARN || undefined;
}
