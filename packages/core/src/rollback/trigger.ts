import * as Alarms from "../alarms/index.ts";
import * as Config from "../config/index.ts";
import { Sfn } from "../aws/index.ts";
import { ConfigError } from "../errors/index.ts";
import { describeIssues } from "../config/index.ts";
import { AlarmStateChangeEvent, normaliseTimestamp } from "../workflow/alarm-event.ts";
import type { EvaluatedWindow, ExecutionInput } from "../workflow/input.ts";
import { alarmPrefix, latencyStatistic } from "./env.ts";
import { evaluatedWindow } from "./window.ts";
import { notifyWatchOnly, type WatchOnlyResult } from "./watch-only.ts";

export type TriggerResult =
  | { started: true; executionArn: string; name: string; duplicate: boolean }
  | { started: false; ignored: string }
  | WatchOnlyResult;

/**
 * The trigger: turn an alarm event into an execution (a watch-only service's: into its
 * notification, watch-only.ts). Events Ripcord must not act on (malformed,
 * another account, an alarm it does not own, anything but entering ALARM) are ignored with the
 * reason, never thrown: EventBridge would only retry them into the dead-letter queue.
 * The execution name derives from alarm + state-change time, so a duplicate delivery starts nothing.
 */
export async function trigger(event: unknown, config = Config.fromEnv()): Promise<TriggerResult> {
  const parsed = AlarmStateChangeEvent.safeParse(event);
  if (!parsed.success)
    return {
      started: false,
      ignored: `not a CloudWatch alarm state change:\n${describeIssues(parsed.error)}`,
    };
  const { detail, account } = parsed.data;
  const machine = stateMachineArn();
  const ownAccount = machine.split(":")[4];
  if (account !== ownAccount)
    return {
      started: false,
      ignored: `alarm from account ${account}, not this account (${ownAccount})`,
    };
  if (detail.state.value !== "ALARM")
    return {
      started: false,
      ignored: `alarm ${detail.alarmName} entered ${detail.state.value}, not ALARM`,
    };
  const spec = Alarms.byName(
    Alarms.specs(config, { prefix: alarmPrefix(), latencyStatistic: latencyStatistic() }),
    detail.alarmName,
  );
  if (!spec)
    return { started: false, ignored: `alarm ${detail.alarmName} is not one of Ripcord's` };
  const stateChangeTime = normaliseTimestamp(detail.state.timestamp);
  if (!stateChangeTime)
    return {
      started: false,
      ignored: `alarm ${detail.alarmName} has an unreadable state timestamp "${detail.state.timestamp}"`,
    };

  const window = evaluatedWindow(detail.state.reasonData, spec, stateChangeTime);
  const change: AlarmStateChange = {
    stateChangeTime,
    reason: detail.state.reason,
    ...(window && { window }),
  };
  // No alias, so nothing to roll back: the notification only, and no execution.
  if (spec.watchOnly) return notifyWatchOnly(spec, change, config);
  const input = alarmExecutionInput(spec, change);
  const started = await Sfn.startExecution(machine, input.id, input);
  return {
    started: true,
    executionArn: started.executionArn,
    name: input.id,
    duplicate: started.duplicate,
  };
}

/** The state machine the trigger and the reconciler start. */
export function stateMachineArn(env: NodeJS.ProcessEnv = process.env): string {
  const arn = env.RIPCORD_STATE_MACHINE_ARN;
  if (!arn)
    throw new ConfigError(
      "RIPCORD_STATE_MACHINE_ARN is not set: infra sets it to the state machine's ARN",
    );
  return arn;
}

/** The alarm's state change, as the event (or, for a re-check, the run it started) tells it. */
export interface AlarmStateChange {
  /** ISO time the alarm entered ALARM. */
  stateChangeTime: string;
  /** CloudWatch's words for the change, if any. */
  reason?: string;
  /** The window the alarm evaluated, when its event says (a re-check judges its own tick's window). */
  window?: EvaluatedWindow;
}

/** A re-check of the same state change by the reconciler: its number and the tick's minute. */
export interface RecheckOf {
  recheck: number;
  now: string;
}

/**
 * The execution an alarm's state change starts: the name derives from alarm + state-change time,
 * "now" is that time. A re-check keeps the name (with `-r<n>`: one per tick minute, so a repeated
 * tick is refused by Step Functions as a duplicate) and the alarm, and judges the window at the tick.
 */
export function alarmExecutionInput(
  spec: Alarms.AlarmSpec,
  change: AlarmStateChange,
  recheck?: RecheckOf,
): ExecutionInput {
  const name = Sfn.executionName(spec.name, change.stateChangeTime);
  return {
    id: recheck ? recheckName(name, recheck.recheck) : name,
    service: spec.service,
    now: recheck ? recheck.now : change.stateChangeTime,
    source: "alarm",
    alarm: {
      name: spec.name,
      kind: spec.kind,
      function: spec.function,
      stateChangeTime: change.stateChangeTime,
      ...(change.reason && { reason: change.reason.slice(0, 1024) }),
      ...(change.window && !recheck && { window: change.window }),
    },
    dryRun: false,
    ...(recheck && { recheck: recheck.recheck }),
  };
}

/** The trigger's name (at most 64 characters) plus `-r<n>`: within Step Functions' 80. */
export function recheckName(triggerName: string, recheck: number): string {
  return `${triggerName}-r${recheck}`;
}
