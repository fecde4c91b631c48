import * as Alarms from "../alarms/index.ts";
import * as Config from "../config/index.ts";
import * as Verify from "../verify/index.ts";
import { CloudWatch } from "../aws/index.ts";
import type { Decision, DecisionInput } from "../verify/types.ts";
import { ConfigError } from "../errors/index.ts";
import type { ExecutionInput } from "../workflow/input.ts";
import { alarmPrefix, latencyStatistic } from "./env.ts";
import { knownUntil } from "./publication.ts";
import { checkTargets } from "./targets.ts";
import type { FunctionPlan, Resolved, VerifyResult } from "../state/index.ts";

/**
 * Verify: decide whether the release is at fault. An alarm run evaluates the firing alarm and every
 * other alarm of the service that is in ALARM; a manual run shifts to what was asked unless the
 * service's policy (or the request) wants it verified, in which case every alarm of the service is
 * evaluated as if it fired.
 */
export async function verify(
  input: ExecutionInput,
  resolved: Resolved,
  config = Config.fromEnv(),
): Promise<VerifyResult> {
  const service = Config.serviceOf(config, input.service);
  if (!service)
    throw new ConfigError(
      `service ${input.service} is no longer in RIPCORD_CONFIG (the config changed during the run)`,
    );
  const targets = targetsOf(resolved.functions, input.manual?.targets ?? {});
  // The targets' state is read beside the metrics, off the path to the shift; a dry run shifts nothing.
  const [result, targetChecks] = await Promise.all([
    judge(input, resolved, service, targets, config),
    resolved.dryRun ? undefined : checkTargets(resolved, targets),
  ]);
  return result.action === "shift" && targetChecks ? { ...result, targetChecks } : result;
}

async function judge(
  input: ExecutionInput,
  resolved: Resolved,
  service: Config.ServiceConfig,
  targets: Record<string, string>,
  config: Config.RipcordConfig,
): Promise<VerifyResult> {
  const manual = input.manual;
  if (manual && !manual.verify) {
    return decided(
      "rollback",
      `manual rollback by ${manual.actor}: ${manual.reason}`,
      [],
      targets,
      resolved,
      "manual",
    );
  }
  const specs = Alarms.specs(config, {
    prefix: alarmPrefix(),
    latencyStatistic: latencyStatistic(),
  }).filter((spec) => spec.service === input.service);
  const policy = {
    stabilityWindowMinutes: service.policy.stabilityWindowMinutes,
    onInconclusive: service.policy.onInconclusive,
  };
  // docs/design.md "The decision": the firing alarm's window as it evaluated it; any other alarm
  // (and a manual or re-check run) the periods surely published by "now".
  const when = (spec: Alarms.AlarmSpec): When => ({
    now: input.now,
    knownUntil: knownUntil(input.now, service.signal),
    ...(input.alarm?.window && spec.name === input.alarm.name && { window: input.alarm.window }),
  });
  const decide = (spec: Alarms.AlarmSpec) => decideAlarm(spec, when(spec), resolved, policy);
  const decisions = manual
    ? await Promise.all(specs.map(decide))
    : await decideFiring(specs, input.alarm?.name, decide);
  if (decisions.length === 0) {
    return decided("hold", "no alarm of the service is in ALARM any more", [], targets, resolved);
  }
  const combined = Verify.combine(decisions);
  const deciding = decisions.find((d) => d.verdict === combined.verdict) ?? decisions[0];
  const reason = deciding?.reason ?? combined.verdict;
  const crossing =
    combined.verdict === "rollback" ? irreversibleCrossings(resolved.functions, targets) : [];
  if (crossing.length > 0) {
    return decided(
      "hold",
      `${reason} But ${crossing.join("; ")}: a rollback cannot undo a database migration: hold.`,
      decisions,
      targets,
      resolved,
    );
  }
  return decided(combined.verdict, reason, decisions, targets, resolved);
}

/**
 * Every function of the service returns together, so a release marked irreversible in any of them
 * holds the whole service, not only one whose alarm fired (the decision checks that one itself).
 */
function irreversibleCrossings(
  functions: FunctionPlan[],
  targets: Record<string, string>,
): string[] {
  return functions
    .filter((fn) => targets[fn.name] !== undefined && fn.irreversible.length > 0)
    .map(
      (fn) =>
        `rolling ${fn.name} back from version ${fn.current} to ${targets[fn.name]} would cross irreversible ${fn.irreversible.length === 1 ? "release" : "releases"} ${fn.irreversible.join(", ")}`,
    );
}

/**
 * The firing alarm's metrics first: when they call for a rollback, nothing else is read (this is on
 * the path to the shift). Otherwise the other alarms' states, and the metrics of those in ALARM.
 */
async function decideFiring(
  specs: Alarms.AlarmSpec[],
  firingName: string | undefined,
  decide: (spec: Alarms.AlarmSpec) => Promise<Decision>,
): Promise<Decision[]> {
  const firing = specs.find((spec) => spec.name === firingName);
  const others = specs.filter((spec) => spec !== firing);
  const first = firing ? await decide(firing) : undefined;
  if (first?.verdict === "rollback") return [first];
  const states =
    others.length > 0 ? await CloudWatch.describeAlarms(others.map((spec) => spec.name)) : [];
  const inAlarm = new Set(states.filter((s) => s.state === "ALARM").map((s) => s.name));
  const rest = await Promise.all(others.filter((spec) => inAlarm.has(spec.name)).map(decide));
  return first ? [first, ...rest] : rest;
}

/** The time a decision is taken at: "now", what is published by then, the alarm's own window. */
type When = Pick<DecisionInput, "now" | "knownUntil" | "window">;

async function decideAlarm(
  spec: Alarms.AlarmSpec,
  when: When,
  resolved: Resolved,
  policy: { stabilityWindowMinutes: number; onInconclusive: "hold" | "rollback" },
): Promise<Decision> {
  const plan = resolved.functions.find((fn) => fn.name === spec.function);
  if (!plan)
    throw new ConfigError(
      `alarm ${spec.name} watches ${spec.function}, which service ${resolved.service} does not list`,
    );
  const alarm = {
    name: spec.name,
    kind: spec.kind,
    function: spec.function,
    threshold: spec.threshold,
    periodSeconds: spec.periodSeconds,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
  };
  const base = {
    ...when,
    alarm,
    policy,
    ledger: plan.ledger,
    signal: spec.signal,
    // The reconciler's summary of the baseline hour, if it kept one: then the hour is not read.
    ...(plan.baseline && { baselineSummaries: [plan.baseline] }),
    latencyStatistic: latencyStatistic(),
  };
  const required = Verify.requiredMetrics(base);
  // A period's version level counts only when it accounts for the alias's traffic (docs/design.md
  // "Signals"), so every version the alias served where per-version traffic is read is fetched.
  const served = Object.values(required.byVersion).flatMap((range) =>
    Verify.versionsServed(plan.ledger, Date.parse(range.from), Date.parse(range.to)),
  );
  const metrics = await CloudWatch.periodStats({
    fn: plan.name,
    alias: plan.alias,
    versions: [...new Set([...required.versions, ...served])],
    from: required.from,
    to: required.to,
    signal: spec.signal,
    periodSeconds: required.periodSeconds,
    latencyStatistic: latencyStatistic(),
    // Each query costs on the path to the shift: an error-rate decision reads no latency, and the reverse.
    measures: spec.kind === "errorRate" ? ["requests", "errors"] : ["requests", "latency"],
  });
  return Verify.decide({ ...base, metrics });
}

/** function -> version to return to: what the person named, else the function's last known-good release. */
function targetsOf(
  functions: FunctionPlan[],
  requested: Record<string, string>,
): Record<string, string> {
  const targets: Record<string, string> = {};
  for (const fn of functions) {
    const version = requested[fn.name] ?? fn.target;
    if (version !== undefined) targets[fn.name] = version;
  }
  return targets;
}

function decided(
  verdict: VerifyResult["verdict"] | "rollback",
  reason: string,
  decisions: Decision[],
  targets: Record<string, string>,
  resolved: Resolved,
  as: VerifyResult["verdict"] = verdict,
): VerifyResult {
  const wantsShift = verdict === "rollback" || as === "manual";
  const nothingToDo = Object.keys(targets).length === 0;
  if (wantsShift && resolved.dryRun) {
    return {
      action: "hold",
      verdict: as,
      reason: `dry run: would roll back (${reason})`,
      decisions,
      targets,
    };
  }
  if (wantsShift && nothingToDo) {
    return {
      action: "hold",
      verdict: as,
      reason: `${reason}; but no function has a known-good release to return to`,
      decisions,
      targets,
    };
  }
  return { action: wantsShift ? "shift" : "hold", verdict: as, reason, decisions, targets };
}
