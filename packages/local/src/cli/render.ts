import type {
  Release,
  Rollback,
  RollbackDetail,
  ServiceDetail,
  ServiceState,
  Step,
} from "./responses.ts";

/** "2026-11-27 14:20:41Z": times as people read them in a terminal. */
export function time(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, "Z");
}

export function routing(
  r: { version: string; weights: Record<string, number> } | undefined,
): string {
  if (!r) return "unknown";
  const canary = Object.entries(r.weights).map(
    ([version, weight]) => ` + ${version} at ${Math.round(weight * 100)}%`,
  );
  return `version ${r.version}${canary.join("")}`;
}

/** The switches of a service in one line each; "automatic rollbacks on" when none is set. */
export function stateLines(state: ServiceState): string[] {
  const lines: string[] = [];
  if (state.paused) {
    const scope = state.paused.scope === "*" ? " (kill switch: every service)" : "";
    const until = state.paused.until ? ` until ${time(state.paused.until)}` : " until resumed";
    lines.push(`paused${scope} by ${state.paused.actor}${until}: ${state.paused.reason}`);
  }
  if (state.frozen) {
    const versions = Object.entries(state.frozen.versions)
      .map(([fn, version]) => `${fn} ${version}`)
      .join(", ");
    lines.push(
      `frozen since ${time(state.frozen.since)} after rollback ${state.frozen.rollbackId} (off ${versions}): ripcord gate refuses deploys`,
    );
  }
  if (state.cooldownUntil) lines.push(`cooling down until ${time(state.cooldownUntil)}`);
  if (state.lock)
    lines.push(`rollback ${state.lock.owner} running (lock until ${time(state.lock.expiresAt)})`);
  return lines.length > 0 ? lines : ["automatic rollbacks on"];
}

function releaseLine(release: Release, target: string | undefined, isCurrent: boolean): string {
  const marks = [
    release.knownBadAt
      ? `known-bad since ${time(release.knownBadAt)}`
      : release.knownGoodAt
        ? "known-good"
        : "not yet proven",
    release.weight !== undefined ? `canary at ${Math.round(release.weight * 100)}%` : undefined,
    release.gitSha ? `git ${release.gitSha.slice(0, 12)}` : undefined,
    release.migration ? `migration ${release.migration}` : undefined,
    release.reversible === false ? "IRREVERSIBLE" : undefined,
    isCurrent ? "current" : undefined,
    release.version === target && !isCurrent ? "rollback target" : undefined,
  ].filter((mark) => mark !== undefined);
  return `${release.version.padStart(4)}  from ${time(release.takenAt)}  ${marks.join(", ")}`;
}

export function serviceDetail(detail: ServiceDetail): string[] {
  const lines = [detail.service, ...stateLines(detail).map((line) => `  ${line}`)];
  for (const fn of detail.functions) {
    lines.push("", `  ${fn.name}:${fn.alias}  ${fn.error ?? routing(fn.routing)}`);
    if (fn.releases.length === 0) lines.push("    no releases recorded yet");
    fn.releases.forEach((release, i) =>
      lines.push(`    ${releaseLine(release, fn.rollbackTarget, i === fn.releases.length - 1)}`),
    );
  }
  lines.push("", "  alarms");
  for (const alarm of detail.alarms)
    lines.push(
      `    ${alarm.state.padEnd(17)} ${alarm.name}${alarm.reason && alarm.state !== "OK" ? `: ${alarm.reason}` : ""}`,
    );
  return lines;
}

export function historyLine(rollback: Rollback): string {
  const who =
    rollback.source === "manual"
      ? `${rollback.actor ?? "someone"}: ${rollback.reason ?? ""}`
      : (rollback.reason ?? "alarm");
  return `${time(rollback.startedAt)}  ${rollback.status.padEnd(25)} ${rollback.service.padEnd(14)} ${rollback.id}  ${who}`;
}

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return "";
  const parts = Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : JSON.stringify(value)}`,
    );
  const text = parts.join("; ");
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export function stepLine(step: Step): string {
  const duration = step.durationMs === undefined ? "" : `${step.durationMs} ms`;
  const what = step.error ?? detailText(step.detail);
  return `  ${time(step.startedAt).slice(11)}  ${step.name.padEnd(14)} ${step.status.padEnd(8)} ${duration.padStart(8)}  ${what}`;
}

/** The end of a rollback: what moved, why, and how the service is doing. */
export function outcomeLines(rollback: RollbackDetail): string[] {
  const lines = [
    `${rollback.id}: ${rollback.status}${rollback.endedAt ? ` at ${time(rollback.endedAt)}` : ""}`,
  ];
  for (const shift of rollback.shifts ?? []) {
    lines.push(
      `  ${shift.function}:${shift.alias} ${routing(shift.before)} -> ${shift.target}: ${shift.status}${shift.reason ? ` (${shift.reason})` : ""}`,
    );
  }
  if (rollback.decision)
    lines.push(`  decision: ${rollback.decision.verdict}: ${rollback.decision.reason}`);
  if (rollback.outcome)
    lines.push(`  outcome: ${rollback.outcome.result}: ${rollback.outcome.reason}`);
  for (const warning of rollback.warnings ?? []) lines.push(`  warning: ${warning}`);
  return lines;
}
