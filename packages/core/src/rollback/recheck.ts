import * as Alarms from "../alarms/index.ts";
import * as Config from "../config/index.ts";
import { CloudWatch, Sfn, Store } from "../aws/index.ts";
import type * as History from "../history/index.ts";
import type { AlarmStatus } from "../aws/cloudwatch/alarms.ts";
import { ReconcileError, errorText } from "../errors/index.ts";
import { MINUTE_MS } from "../verify/time.ts";
import { alarmPrefix, latencyStatistic } from "./env.ts";
import { automaticRefusal, readGuards } from "./guards.ts";
import { alarmExecutionInput, stateMachineArn } from "./trigger.ts";

/** The newest records of a service read per tick: a state change adds at most one per minute of recheckMinutes (<= 60). */
const HISTORY_LIMIT = 100;
/** The event and DescribeAlarms state the same instant; allow for one of them rounding it. */
const SAME_CHANGE_MS = 1000;

export interface RecheckReport {
  alarm: string;
  service: string;
  /** A re-check execution was started (or, `duplicate`, its name was taken: this minute was re-checked already). */
  started: boolean;
  name?: string;
  executionArn?: string;
  duplicate?: boolean;
  /** Why no re-check started. */
  skipped?: string;
  error?: string;
}

type Run = History.RollbackRecord;

/** An alarm in ALARM whose state changed within its service's recheckMinutes. */
interface Firing {
  spec: Alarms.AlarmSpec;
  status: AlarmStatus;
  changedAt: number;
}

/**
 * The reconciler's re-check (docs/design.md rule 4 judges every period of the window): an M-of-N alarm
 * can fire while its window still holds healthy periods from before the regression began, so its
 * run holds (or its most recent known period is one lull, and the burst looks over). On AWS the
 * alarm then stays in ALARM and no new event comes. Each tick, for an alarm that stays in ALARM
 * after its latest verdict held that way (recheckWanted), this starts the same
 * execution again with "now" at the tick's minute, until it rolls back, the alarm leaves ALARM or
 * recheckMinutes have passed. One DescribeAlarms call per tick; history and guards are read only
 * for services with such an alarm. One service failing does not stop the others; the tick throws
 * at the end if any failed.
 */
export async function recheck(now: string, config = Config.fromEnv()): Promise<RecheckReport[]> {
  const tick = Math.floor(Date.parse(now) / MINUTE_MS) * MINUTE_MS;
  // A watch-only alarm never starts a run, so there is no held run to re-check.
  const specs = Alarms.specs(config, {
    prefix: alarmPrefix(),
    latencyStatistic: latencyStatistic(),
  }).filter((spec) => !spec.watchOnly && recheckMinutes(config, spec.service) > 0);
  if (specs.length === 0) return [];
  const statuses = await CloudWatch.describeAlarms(specs.map((spec) => spec.name));
  const firing = statuses.flatMap((status) => {
    const spec = Alarms.byName(specs, status.name);
    const changedAt = status.updatedAt === undefined ? Number.NaN : Date.parse(status.updatedAt);
    if (!spec || status.state !== "ALARM" || Number.isNaN(changedAt)) return [];
    return recheckNumber(changedAt, tick, recheckMinutes(config, spec.service)) !== undefined
      ? [{ spec, status, changedAt }]
      : [];
  });
  const byService = new Map<string, Firing[]>();
  for (const alarm of firing)
    byService.set(alarm.spec.service, [...(byService.get(alarm.spec.service) ?? []), alarm]);
  const causes: unknown[] = [];
  const reports = (
    await Promise.all(
      [...byService].map(([service, alarms]) =>
        recheckService(service, alarms, tick, config, causes),
      ),
    )
  ).flat();
  const failed = reports.filter((report) => report.error);
  if (failed.length > 0) {
    throw new ReconcileError(
      `${failed.length} alarm(s) could not be re-checked: ${failed.map((r) => `${r.alarm} (${r.error})`).join("; ")}`,
      {
        cause: causes.length === 1 ? causes[0] : new AggregateError(causes),
      },
    );
  }
  return reports;
}

/**
 * The re-check a reconciler tick at `tick` (epoch ms, a minute's start) makes of a state change at
 * `changedAt`: its number (minutes since the change, rounded up), or undefined when the change is
 * not after the tick's minute began or more than `recheckMinutes` old. The bench's production
 * scoring walks its ticks through this.
 */
export function recheckNumber(
  changedAt: number,
  tick: number,
  recheckMinutes: number,
): number | undefined {
  const age = tick - changedAt;
  return age > 0 && age <= recheckMinutes * MINUTE_MS ? Math.ceil(age / MINUTE_MS) : undefined;
}

/**
 * Whether a run's verdict on the service (`verdict`) and the alarm's own decision call for a
 * re-check: both held, and the alarm's on what a later window can change while the alarm stays in
 * ALARM: rule 4 (not worse in every period yet, or the window not published yet), or rule 2's
 * "the burst is over" (the most recent known period within the threshold: one period can be a
 * lull, and an alarm that stays in ALARM says the condition goes on). Any other verdict is final
 * for the state change.
 */
export function recheckWanted(
  verdict: string | undefined,
  own: { verdict: string; rule: string; numbers?: Record<string, unknown> } | undefined,
): boolean {
  if (verdict !== "hold" || own?.verdict !== "hold") return false;
  return own.rule === "effect" || (own.rule === "attributable" && own.numbers?.onset === null);
}

function recheckMinutes(config: Config.RipcordConfig, service: string): number {
  return Config.serviceOf(config, service)?.policy.recheckMinutes ?? 0;
}

/** Re-checks the service's alarms that qualify; a failure becomes the alarm's report, its error kept in `causes`. */
async function recheckService(
  service: string,
  alarms: Firing[],
  tick: number,
  config: Config.RipcordConfig,
  causes: unknown[],
): Promise<RecheckReport[]> {
  const base = (alarm: Firing) => ({ alarm: alarm.spec.name, service, started: false });
  const failure = (alarm: Firing, error: unknown): RecheckReport => {
    causes.push(error);
    return { ...base(alarm), error: errorText(error) };
  };
  try {
    const at = new Date(tick).toISOString();
    const [guards, history] = await Promise.all([
      readGuards(service, at),
      Store.listRollbacks({ service, limit: HISTORY_LIMIT }),
    ]);
    const refused = guards.lock
      ? `a rollback of ${service} is running (${guards.lock.owner})`
      : automaticRefusal(
          service,
          guards,
          at,
          Config.serviceOf(config, service)?.policy.maxRollbacksPerDay,
        );
    if (refused) return alarms.map((alarm) => ({ ...base(alarm), skipped: refused }));
    return await Promise.all(
      alarms.map((alarm) =>
        recheckAlarm(alarm, history.items, tick).catch((error: unknown) => failure(alarm, error)),
      ),
    );
  } catch (error) {
    return alarms.map((alarm) => failure(alarm, error));
  }
}

async function recheckAlarm(alarm: Firing, history: Run[], tick: number): Promise<RecheckReport> {
  const report = { alarm: alarm.spec.name, service: alarm.spec.service, started: false };
  const episode = runsOf(history, alarm);
  if (!episode) return { ...report, skipped: "no run of this state change in the history (yet)" };
  if (episode.runs.some(({ run }) => run.status === "running"))
    return { ...report, skipped: "a run of this state change is still going" };
  const reason = reCheckable(episode.runs, alarm.spec.name);
  if (reason) return { ...report, skipped: reason };

  const stateChangeTime = episode.trigger.now;
  const recheck = Math.ceil((tick - Date.parse(stateChangeTime)) / MINUTE_MS);
  if (recheck < 1) return { ...report, skipped: "the state change is not a minute old" };
  const input = alarmExecutionInput(
    alarm.spec,
    { stateChangeTime, ...(alarm.status.reason && { reason: alarm.status.reason }) },
    { recheck, now: new Date(tick).toISOString() },
  );
  const started = await Sfn.startExecution(stateMachineArn(), input.id, input);
  return {
    ...report,
    started: true,
    name: input.id,
    executionArn: started.executionArn,
    duplicate: started.duplicate,
  };
}

/**
 * The runs of the alarm's current state change: the one its event started (same alarm, "now" at
 * the state change) and its re-checks (that name plus `-r<n>`), each with its re-check number.
 */
function runsOf(
  history: Run[],
  alarm: Firing,
): { trigger: Run; runs: Array<{ run: Run; recheck: number }> } | undefined {
  const trigger = history.find(
    (run) =>
      run.source === "alarm" &&
      run.reason === `alarm ${alarm.spec.name}` &&
      !/-r\d+$/.test(run.id) &&
      Math.abs(Date.parse(run.now) - alarm.changedAt) <= SAME_CHANGE_MS,
  );
  if (!trigger) return undefined;
  const runs = history.flatMap((run) => {
    if (run.id === trigger.id) return [{ run, recheck: 0 }];
    const suffix = run.id.startsWith(`${trigger.id}-r`) ? run.id.slice(trigger.id.length + 2) : "";
    return /^\d+$/.test(suffix) ? [{ run, recheck: Number(suffix) }] : [];
  });
  return { trigger, runs };
}

/**
 * Undefined when the latest verdict on the alarm held on what a later window can change
 * (recheckWanted); otherwise why not. Runs the Lock refused (rule "guard") decided nothing and are passed over.
 */
function reCheckable(
  runs: Array<{ run: Run; recheck: number }>,
  alarmName: string,
): string | undefined {
  const verified = runs
    .filter(({ run }) => run.decision?.rule !== "guard")
    .sort((a, b) => b.recheck - a.recheck);
  const latest = verified[0]?.run;
  if (!latest) return "no run of this state change verified it";
  const own = latest.decision?.decisions?.find((decision) => decision.alarm === alarmName);
  if (latest.status === "held" && recheckWanted(latest.decision?.verdict, own)) return undefined;
  const rule = own ? `, rule ${own.rule}` : "";
  return `its latest run ${latest.id} ended ${latest.status} (${latest.decision?.verdict ?? "no verdict"}${rule}), not held on the effect rule or on a burst that looked over`;
}
