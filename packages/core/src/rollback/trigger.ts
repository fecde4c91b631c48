import * as Alarms from "../alarms/index.ts";
import * as Config from "../config/index.ts";
import { Sfn } from "../aws/index.ts";
import { ConfigError } from "../errors/index.ts";
import { describeIssues } from "../config/index.ts";
import { AlarmStateChangeEvent, normaliseTimestamp } from "../workflow/alarm-event.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import { alarmPrefix, latencyStatistic } from "./env.ts";

export type TriggerResult =
  | { started: true; executionArn: string; name: string; duplicate: boolean }
  | { started: false; ignored: string };

/**
 * The trigger: turn an alarm event into an execution. Events Ripcord must not act on (malformed,
 * another account, an alarm it does not own, anything but entering ALARM) are ignored with the
 * reason, never thrown: EventBridge would only retry them into the dead-letter queue.
 * The execution name derives from alarm + state-change time, so a duplicate delivery starts nothing.
 */
export async function trigger(event: unknown, config = Config.fromEnv()): Promise<TriggerResult> {
  const parsed = AlarmStateChangeEvent.safeParse(event);
  if (!parsed.success) return { started: false, ignored: `not a CloudWatch alarm state change:\n${describeIssues(parsed.error)}` };
  const { detail, account } = parsed.data;
  const stateMachineArn = process.env.RIPCORD_STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new ConfigError("RIPCORD_STATE_MACHINE_ARN is not set: infra sets it to the state machine's ARN");
  const ownAccount = stateMachineArn.split(":")[4];
  if (account !== ownAccount) return { started: false, ignored: `alarm from account ${account}, not this account (${ownAccount})` };
  if (detail.state.value !== "ALARM") return { started: false, ignored: `alarm ${detail.alarmName} entered ${detail.state.value}, not ALARM` };
  const spec = Alarms.byName(Alarms.specs(config, { prefix: alarmPrefix(), latencyStatistic: latencyStatistic() }), detail.alarmName);
  if (!spec) return { started: false, ignored: `alarm ${detail.alarmName} is not one of Ripcord's` };
  const stateChangeTime = normaliseTimestamp(detail.state.timestamp);
  if (!stateChangeTime) return { started: false, ignored: `alarm ${detail.alarmName} has an unreadable state timestamp "${detail.state.timestamp}"` };

  const name = Sfn.executionName(detail.alarmName, stateChangeTime);
  const input: ExecutionInput = {
    id: name,
    service: spec.service,
    now: stateChangeTime,
    source: "alarm",
    alarm: {
      name: detail.alarmName,
      kind: spec.kind,
      function: spec.function,
      stateChangeTime,
      ...(detail.state.reason && { reason: detail.state.reason.slice(0, 1024) }),
    },
    dryRun: false,
  };
  const started = await Sfn.startExecution(stateMachineArn, name, input);
  return { started: true, executionArn: started.executionArn, name, duplicate: started.duplicate };
}
