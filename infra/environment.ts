/** The variables every Ripcord function reads (see packages/core/src/rollback/env.ts). */
import { alarmPrefix } from "./context.ts";
import type { StageConfig } from "./config.ts";
import type { Storage } from "./storage.ts";
import type { Notify } from "./notify.ts";

export function baseEnvironment(
  config: StageConfig,
  storage: Storage,
  notify: Notify,
): Record<string, $util.Input<string>> {
  return {
    // Lambda caps the whole environment at 4 KB: RIPCORD_CONFIG is compacted and size-checked
    // in infra/stage-config.ts, which fails the deploy rather than letting Lambda reject it.
    RIPCORD_CONFIG: config.json,
    RIPCORD_TABLE: storage.table.name,
    RIPCORD_TOPIC_ARN: notify.topic.arn,
    RIPCORD_ALARM_PREFIX: alarmPrefix,
    RIPCORD_LATENCY_STATISTIC: "p99",
  };
}
