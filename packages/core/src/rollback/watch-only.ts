/**
 * A watch-only service's alarm (config `watchOnly`: an sst.aws.Nextjs server, anything that serves
 * $LATEST and has no alias to move; docs/design.md "Guarding an SST app"): the trigger sends the
 * notification itself, through the same channels and rendering as a rollback's, and starts no
 * execution. Nothing is resolved, locked, read from the ledger or shifted.
 */
import type * as Alarms from "../alarms/index.ts";
import type * as Config from "../config/index.ts";
import type * as Notify from "../notify/index.ts";
import type { RollbackState } from "../state/index.ts";
import { notify, type DeliveryOptions } from "./notify.ts";
import { alarmExecutionInput, type AlarmStateChange } from "./trigger.ts";

export interface WatchOnlyResult {
  started: false;
  watchOnly: true;
  alarm: string;
  service: string;
  function: string;
  /** The message's subject and each channel's delivery. */
  notified: Pick<Notify.NotifyResult, "subject" | "deliveries">;
}

/** Why nothing moves, in the words the message carries. */
export function watchOnlyReason(spec: Alarms.AlarmSpec): string {
  return `${spec.function} is watch-only: it serves ${spec.alias} and has no alias to move, so Ripcord alarms and notifies but never rolls it back`;
}

/**
 * The notification as a run that did not act renders it (phase "skipped", its reason the one
 * above). The state is what an execution of this alarm would have started with, so the message's
 * trigger line and metric read the same as a rollback's. Throws only when every channel failed
 * (core's notify): the trigger's invocation then fails into Lambda's retries and dead-letter queue.
 */
export async function notifyWatchOnly(
  spec: Alarms.AlarmSpec,
  change: AlarmStateChange,
  config: Config.RipcordConfig,
  options: DeliveryOptions = {},
): Promise<WatchOnlyResult> {
  const state: RollbackState = {
    ...alarmExecutionInput(spec, change),
    lock: { acquired: false, owner: "trigger", reason: watchOnlyReason(spec) },
  };
  // No execution and no rollback record: a link to either would lead nowhere, so neither is given.
  const env = { ...(options.env ?? process.env) };
  delete env.RIPCORD_STATE_MACHINE_ARN;
  delete env.RIPCORD_STATUS_URL;
  const { subject, deliveries } = await notify("skipped", state, config, { ...options, env });
  return {
    started: false,
    watchOnly: true,
    alarm: spec.name,
    service: spec.service,
    function: spec.function,
    notified: { subject, deliveries },
  };
}
