import type { RollbackRecord, ShiftRecord, StepRecord } from "../history/index.ts";
import type { Release } from "../release/types.ts";
import type { SignalSource } from "../signals/index.ts";
import type { PeriodStats } from "../verify/types.ts";
import { clock, count, millis, percent, thresholdPercent } from "./format.ts";
import type { TimelineEntry } from "./timeline.ts";
import { routingText } from "./versions.ts";

/**
 * One stored rollback seen as an incident: the record and its steps, the releases it undid, and the
 * metrics around it. The status page's chart and the Markdown report both read it, so they agree on
 * when the release, the alarm, the shift and the recovery happened.
 */
export interface Incident {
  record: RollbackRecord;
  steps: StepRecord[];
  /** Per function, the release that was at fault (the ledger's entry for the version rolled back). */
  releases: RolledBackRelease[];
  periodSeconds: number;
  thresholds: { errorRatePercent: number; latencyMs: number };
  /** Where the metrics come from: the report and the chart name the error measure after it. */
  signal: SignalSource;
  /** Per function: the alias as a whole and each version, one entry per period. */
  metrics: FunctionMetrics[];
}

export interface RolledBackRelease {
  function: string;
  version: string;
  takenAt: string;
  gitSha?: string;
  migration?: string;
}

export interface FunctionMetrics {
  function: string;
  alias: string;
  stats: { alias: PeriodStats[]; byVersion: Record<string, PeriodStats[]> };
}

export type MomentKind = "release" | "alarm" | "request" | "shift" | "recovery";

/** A moment the chart marks and the timeline lists. */
export interface Moment {
  kind: MomentKind;
  at: string;
  /** One or two words: the marker's label. */
  label: string;
  /** A sentence with the numbers: the marker's tooltip and the timeline's line. */
  detail: string;
  /** The function a release moment belongs to (the others concern the whole service). */
  function?: string;
}

const ms = (iso: string): number => Date.parse(iso);

/** The versions a function's incident is about: the one(s) rolled back first, then where it went. */
export function versionsOf(
  record: RollbackRecord,
  fn: string,
): { faulty: string[]; others: string[] } {
  const shift = record.shifts?.find((s) => s.function === fn);
  const decisions = (record.decision?.decisions ?? []).filter((d) => d.function === fn);
  const faulty = shift
    ? faultyVersions(shift)
    : unique(decisions.flatMap((d) => (d.currentVersion ? [d.currentVersion] : [])));
  const others = shift
    ? [shift.before.version, shift.target, shift.after?.version ?? shift.target]
    : decisions.flatMap((d) => [
        d.targetVersion,
        typeof d.numbers.baselineVersion === "string" ? d.numbers.baselineVersion : undefined,
      ]);
  return {
    faulty,
    others: unique(others.filter((v): v is string => v !== undefined && !faulty.includes(v))),
  };
}

/** For a canary the weighted version is the one at fault; otherwise the version the alias served. */
export function faultyVersions(shift: Pick<ShiftRecord, "before">): string[] {
  const weighted = Object.keys(shift.before.weights);
  return weighted.length > 0 ? weighted : [shift.before.version];
}

/** The functions an incident touched: those it shifted (or meant to), else those its verdicts were about. */
export function functionsOf(record: RollbackRecord): string[] {
  const shifted = (record.shifts ?? []).map((s) => s.function);
  return unique(
    shifted.length > 0 ? shifted : (record.decision?.decisions ?? []).map((d) => d.function),
  );
}

/** The ledger's release of `version` that was serving when the alarm fired (the latest one before it). */
export function releaseAt(
  ledger: readonly Release[],
  version: string,
  beforeIso: string,
): Release | undefined {
  return ledger.findLast(
    (release) => release.version === version && ms(release.takenAt) <= ms(beforeIso),
  );
}

/** When the alias moved: the earliest completed UpdateAlias of the run. */
export function shiftedAt(record: RollbackRecord): string | undefined {
  const times = (record.shifts ?? [])
    .filter((s) => s.status === "shifted" && s.at)
    .flatMap((s) => (s.at ? [s.at] : []));
  return times.sort((a, b) => ms(a) - ms(b))[0];
}

/**
 * When the service was healthy again: the first complete period that starts after the shift in which
 * every shifted alias is under both thresholds. Only for a run whose own check found it recovered;
 * without metrics that show it, the time of that check.
 */
export function recovery(incident: Incident): Moment | undefined {
  const { record, thresholds } = incident;
  const shift = shiftedAt(record);
  if (record.outcome?.result !== "recovered" || !shift) return undefined;
  const periodMs = incident.periodSeconds * 1000;
  const healthy = incident.metrics
    .filter((m) => record.shifts?.some((s) => s.function === m.function && s.status === "shifted"))
    .map((m) =>
      m.stats.alias.find((p) => {
        const start = ms(p.start);
        if (start < ms(shift) || p.requests === 0) return false;
        return (
          (p.errors / p.requests) * 100 <= thresholds.errorRatePercent &&
          (p.latencyMs === undefined || p.latencyMs <= thresholds.latencyMs)
        );
      }),
    );
  const periods = healthy.filter((p): p is PeriodStats => p !== undefined);
  if (periods.length > 0 && periods.length === healthy.length) {
    const last = periods.reduce((a, b) => (ms(b.start) > ms(a.start) ? b : a));
    const latency = last.latencyMs === undefined ? "no latency data" : millis(last.latencyMs);
    return {
      kind: "recovery",
      at: last.start,
      label: "recovery",
      detail:
        `healthy again from ${clock(last.start)}: ${percent((last.errors / last.requests) * 100)} errors (${count(last.errors)} of ${count(last.requests)}) ` +
        `and ${latency}, under the thresholds (${thresholdPercent(thresholds.errorRatePercent)}, ${millis(thresholds.latencyMs)}) over ${periodMs / 1000} s`,
    };
  }
  const confirmed = incident.steps.find((s) => s.name === "Confirm")?.endedAt;
  return confirmed
    ? {
        kind: "recovery",
        at: confirmed,
        label: "recovery",
        detail: `Ripcord's check: ${record.outcome.reason}`,
      }
    : undefined;
}

/** Release, alarm (or request), shift and recovery, in time order. */
export function moments(incident: Incident): Moment[] {
  const { record } = incident;
  const list: Moment[] = incident.releases.map((r) => ({
    kind: "release",
    function: r.function,
    at: r.takenAt,
    label: "release",
    detail: `version ${r.version} of ${r.function} took traffic${r.gitSha ? ` (git ${r.gitSha.slice(0, 12)})` : ""}`,
  }));
  list.push(
    record.source === "alarm"
      ? {
          kind: "alarm",
          at: record.now,
          label: "alarm",
          detail: `${record.reason?.replace(/^alarm /, "") ?? "the alarm"} entered ALARM`,
        }
      : {
          kind: "request",
          at: record.now,
          label: "request",
          detail: `${record.actor ?? "someone"} asked for a rollback${record.reason ? `: ${record.reason}` : ""}`,
        },
  );
  const shift = shiftedAt(record);
  if (shift) {
    const moved = (record.shifts ?? [])
      .filter((s) => s.status === "shifted")
      .map((s) => `${s.function}:${s.alias} ${routingText(s.before)} -> ${s.target}`);
    list.push({ kind: "shift", at: shift, label: "shift", detail: `shifted ${moved.join(", ")}` });
  }
  const recovered = recovery(incident);
  if (recovered) list.push(recovered);
  return list.sort((a, b) => ms(a.at) - ms(b.at));
}

type TimedEntry = Required<TimelineEntry>;

/** What each recorded step did, in words (the step's own detail is free-form JSON). */
function stepLine(step: StepRecord, record: RollbackRecord): TimedEntry[] {
  const at = step.endedAt ?? step.startedAt;
  const text = (key: string): string | undefined =>
    typeof step.detail?.[key] === "string" ? step.detail[key] : undefined;
  if (step.status === "failed")
    return [{ at, what: `${step.name} failed${step.error ? `: ${step.error}` : ""}` }];
  switch (step.name) {
    case "Verify":
      return [
        { at, what: `verified: ${text("verdict") ?? record.decision?.verdict ?? "no verdict"}` },
      ];
    case "Lock":
      return step.detail?.acquired === false
        ? [{ at, what: `not acting: ${text("reason") ?? "the service is locked"}` }]
        : [];
    case "Shift":
      return (record.shifts ?? []).map((s) => ({
        at: s.at ?? at,
        what: `${s.function}:${s.alias} ${routingText(s.before)} -> ${s.target}: ${s.status}${s.reason && s.status !== "shifted" ? ` (${s.reason})` : ""}`,
      }));
    case "Invalidate":
      return [
        {
          at,
          what: `CloudFront invalidation${text("id") ? ` ${text("id")}` : ""}: ${text("status") ?? "requested"}`,
        },
      ];
    case "Confirm":
      return [
        {
          at,
          what: `Ripcord's recovery check: ${text("outcome") ?? record.outcome?.result ?? "no result"}`,
        },
      ];
    case "NotifyShifted":
    case "NotifyHold":
    case "NotifyOutcome":
    case "NotifySkipped":
      return [{ at, what: `notified: ${text("subject") ?? "the team"}` }];
    case "Abort":
      return [
        {
          at,
          what: `aborted by ${text("actor") ?? "someone"}${text("reason") ? `: ${text("reason")}` : ""}`,
        },
      ];
    default:
      return [];
  }
}

/** Moments and steps in one list, in time order (a step and a moment at the same time: the moment first). */
export function incidentTimeline(incident: Incident): TimedEntry[] {
  const marks = moments(incident)
    .filter((m) => m.kind !== "shift")
    .map((m, i) => ({ at: m.at, what: `${m.label}: ${m.detail}`, order: i }));
  const steps = incident.steps
    .flatMap((s) => stepLine(s, incident.record))
    .map((e, i) => ({ ...e, order: 1000 + i }));
  return [...marks, ...steps]
    .sort((a, b) => ms(a.at) - ms(b.at) || a.order - b.order)
    .map(({ at, what }) => ({ at, what }));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** What the faulty release cost one function: its requests and errors while it served traffic. */
export interface FunctionImpact {
  function: string;
  alias: string;
  versions: string[];
  /** From the release (or the onset, or the alarm when neither is known) to the shift (or the decision). */
  from: string;
  to: string;
  requests: number;
  errors: number;
  /** Every version through the alias over the same periods. */
  aliasRequests: number;
  aliasErrors: number;
  /** The known-good version's rate the decision compared with, and the errors that rate would have given. */
  baseline?: { version?: string; ratePercent: number; expectedErrors: number };
}

function numberIn(numbers: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = numbers?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Sums whole periods that overlap [from, to): CloudWatch knows no finer than one period. */
export function impact(incident: Incident): FunctionImpact[] {
  const periodMs = incident.periodSeconds * 1000;
  return incident.metrics.map((m) => {
    const { faulty } = versionsOf(incident.record, m.function);
    const decision = incident.record.decision?.decisions?.find(
      (d) => d.function === m.function && d.verdict === incident.record.decision?.verdict,
    );
    const onset = typeof decision?.numbers.onset === "string" ? decision.numbers.onset : undefined;
    const from =
      incident.releases.find((r) => r.function === m.function)?.takenAt ??
      onset ??
      incident.record.now;
    const to =
      incident.record.shifts?.find((s) => s.function === m.function)?.at ?? incident.record.now;
    const fromMs = Math.floor(ms(from) / periodMs) * periodMs;
    const within = (p: PeriodStats): boolean => ms(p.start) >= fromMs && ms(p.start) < ms(to);
    const sum = (periods: PeriodStats[], pick: (p: PeriodStats) => number): number =>
      periods.filter(within).reduce((total, p) => total + pick(p), 0);
    const faultyPeriods = faulty.flatMap((v) => m.stats.byVersion[v] ?? []);
    const requests = sum(faultyPeriods, (p) => p.requests);
    const rate = numberIn(decision?.numbers, "baselineErrorRatePercent");
    const baselineVersion = decision?.numbers.baselineVersion;
    return {
      function: m.function,
      alias: m.alias,
      versions: faulty,
      from,
      to,
      requests,
      errors: sum(faultyPeriods, (p) => p.errors),
      aliasRequests: sum(m.stats.alias, (p) => p.requests),
      aliasErrors: sum(m.stats.alias, (p) => p.errors),
      ...(rate !== undefined && {
        baseline: {
          ...(typeof baselineVersion === "string" && { version: baselineVersion }),
          ratePercent: rate,
          expectedErrors: (requests * rate) / 100,
        },
      }),
    };
  });
}
