import { WARNING_KEYS } from "../workflow/definition.ts";
import type { RollbackState } from "../state/index.ts";
import type { NotifyPhase } from "../workflow/definition.ts";
import { stepErrorText, truncate } from "./format.ts";
import type { Links } from "./links.ts";
import { decidingDecision, errorMeasureName, firingMetric, type FiringMetric } from "./metric.ts";
import { timeline, type TimelineEntry } from "./timeline.ts";
import { changesSummary, routingText, versionChanges, type VersionChange } from "./versions.ts";

export type Outcome =
  | "skipped"
  | "held"
  | "dry-run"
  | "aborted"
  | "rolled-back"
  | "partial"
  | "recovered"
  | "not-recovered"
  | "unknown"
  | "failed";

/** Everything a message says, once: the text, the Slack blocks and the webhook's JSON render from this. */
export interface Facts {
  rollbackId: string;
  service: string;
  phase: NotifyPhase;
  outcome: Outcome;
  /** The verification's verdict, or what stopped the run before one. */
  verdict: string;
  title: string;
  /** "Now" of the run: the alarm's state-change time or the request time. */
  now: string;
  trigger: string;
  versions: VersionChange[];
  metric?: FiringMetric;
  /** Why Ripcord acted or held, in words. */
  reason?: string;
  /** After the shift: whether the service recovered, and why Ripcord thinks so. */
  recovery?: string;
  timeline: TimelineEntry[];
  links: Links;
}

const TITLE_MAX = 150;

export function factsOf(phase: NotifyPhase, state: RollbackState, links: Links): Facts {
  const versions = versionChanges(state);
  const outcome = outcomeOf(phase, state);
  const metric = firingMetric(state);
  const reason = reasonOf(outcome, state);
  const recovery = phase === "outcome" ? state.confirm?.reason : undefined;
  return {
    rollbackId: state.id,
    service: state.service,
    phase,
    outcome,
    verdict:
      state.verify?.verdict ??
      (state.lock && !state.lock.acquired ? "skipped" : state.error ? "failed" : "none"),
    title: truncate(`[${state.service}] ${headline(outcome, state, versions)}`, TITLE_MAX),
    now: state.now,
    trigger: triggerOf(state, metric),
    versions,
    ...(metric && { metric }),
    ...(reason && { reason }),
    ...(recovery && { recovery }),
    timeline: timeline(state),
    links,
  };
}

function outcomeOf(phase: NotifyPhase, state: RollbackState): Outcome {
  if (phase === "skipped") return "skipped";
  if (state.error && !state.shift?.shifted) return "failed";
  if (phase === "held") {
    if (state.shift && !state.shift.shifted) return "aborted";
    return state.dryRun || state.resolved?.dryRun ? "dry-run" : "held";
  }
  if (phase === "shifted") return state.shift?.complete ? "rolled-back" : "partial";
  return state.confirm?.outcome ?? "unknown";
}

function headline(outcome: Outcome, state: RollbackState, versions: VersionChange[]): string {
  const moved = changesSummary(versions);
  const done = versions.filter(
    (v) => v.status === "shifted" || v.status === "already-there",
  ).length;
  const warned = WARNING_KEYS.some((key) => state[key] !== undefined) ? " with warnings" : "";
  const rolledBack = state.shift?.complete
    ? `Rolled back${warned} ${moved}`
    : `Partly rolled back${warned} ${moved} (${done} of ${versions.length} functions)`;
  switch (outcome) {
    case "skipped":
      return `Not acting: ${state.lock?.reason ?? "the rollback was skipped"}`;
    case "failed":
      return `Rollback failed: ${stepErrorText(state.error)}`;
    case "aborted":
      return versions.some((v) => v.status === "moved")
        ? "Rollback aborted: a newer deploy moved the alias, left alone"
        : "Rollback failed: no alias could be shifted";
    case "dry-run":
      return `Dry run: would roll back ${versions.map((v) => `${v.function} ${routingText(v.from)} -> ${v.to ?? "?"}`).join(", ")}`;
    case "held":
      return `Holding (${state.verify?.verdict ?? "no verdict"}): ${holdPhrase(state)}`;
    case "rolled-back":
    case "partial":
      return rolledBack;
    case "recovered":
      return `${rolledBack}: recovered`;
    case "not-recovered":
      return `${rolledBack}: NOT recovered`;
    case "unknown":
      return state.error
        ? `${rolledBack}, then a step failed: ${stepErrorText(state.error)}`
        : `${rolledBack}: recovery unknown`;
  }
}

/** The deciding rule in a few words; the full reason follows in the body. */
function holdPhrase(state: RollbackState): string {
  const decision = decidingDecision(state);
  const version = decision?.currentVersion;
  switch (decision?.rule) {
    case "target":
      return "no safe version to return to";
    case "attributable":
      return `the problem is not attributable to ${version ? `version ${version}` : "the release"}`;
    case "baseline":
      return "no baseline to compare with";
    case "effect":
      return `${version ? `version ${version}` : "the release"} is not significantly worse`;
    case undefined:
      return "alias left as it is";
  }
}

function triggerOf(state: RollbackState, metric: FiringMetric | undefined): string {
  if (state.alarm)
    return `alarm ${state.alarm.name} (${state.alarm.kind === "latency" ? "latency" : errorMeasureName(metric?.signal)} of ${state.alarm.function})`;
  if (state.manual) return `${state.manual.actor}: ${state.manual.reason}`;
  return state.source;
}

function reasonOf(outcome: Outcome, state: RollbackState): string | undefined {
  if (outcome === "skipped") return state.lock?.reason;
  if (outcome === "failed") return stepErrorText(state.error);
  if (outcome === "aborted") return state.shift?.reason;
  return state.verify?.reason;
}
