/** The variables every Ripcord function reads (see packages/core/src/rollback/env.ts). */
import { alarmPrefix } from "./context.ts";
import type { Storage } from "./storage.ts";
import type { Notify } from "./notify.ts";

/**
 * The config is not among them: it is bundled into each function's code (infra/functions.ts),
 * since its size grows with the watched functions and Lambda caps the environment at 4 KB.
 */
export function baseEnvironment(
  storage: Storage,
  notify: Notify,
): Record<string, $util.Input<string>> {
  return {
    RIPCORD_TABLE: storage.table.name,
    RIPCORD_TOPIC_ARN: notify.topic.arn,
    RIPCORD_ALARM_PREFIX: alarmPrefix,
    RIPCORD_LATENCY_STATISTIC: "p99",
  };
}
