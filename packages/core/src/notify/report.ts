import { SOURCES, type SignalSource } from "../signals/index.ts";
import { capitalize, clock, count, millis, pValue, percent } from "./format.ts";
import {
  impact,
  incidentTimeline,
  moments,
  shiftedAt,
  versionsOf,
  type FunctionImpact,
  type Incident,
} from "./incident.ts";
import type { Links } from "./links.ts";
import { errorMeasureName } from "./metric.ts";
import { routingText } from "./versions.ts";

/**
 * The incident summary of one rollback in Markdown, to paste into a ticket or a post-mortem:
 * what happened when, what it cost, why Ripcord acted (with the decision's numbers), and what
 * people still have to do. Pure: the caller gathers the record, the ledger and the metrics.
 */
export function incidentReport(incident: Incident, links: Links = {}): string {
  const { record } = incident;
  const sections = [
    `# Incident report: ${record.service}, ${headline(incident)}`,
    summary(incident, links),
    `## Timeline\n\nTimes are UTC.\n\n${timelineTable(incident)}`,
    impactSection(incident),
    decisionSection(incident),
    followUp(incident),
    `---\n\nRollback \`${record.id}\`. Written by Ripcord from the rollback's record, the release ledger and CloudWatch metrics.`,
  ];
  return `${sections.filter(Boolean).join("\n\n")}\n`;
}

/** Text people wrote (actor, reason, warnings): Markdown and HTML in it stay literal. */
function literal(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

/** A table cell: a pipe or a line break would end the cell or the row. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(head), `| ${head.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

function changes(incident: Incident): string {
  const shifted = (incident.record.shifts ?? []).filter((s) => s.status === "shifted");
  return shifted.map((s) => `${s.function} ${routingText(s.before)} -> ${s.target}`).join(", ");
}

function headline(incident: Incident): string {
  const { record } = incident;
  const outcome = {
    recovered: "recovered",
    "not-recovered": "NOT recovered",
    unknown: "recovery unknown",
  } as const;
  switch (record.status) {
    case "rolled-back":
    case "rolled-back-with-warnings":
      return `rolled back ${changes(incident)}${record.outcome ? `, ${outcome[record.outcome.result]}` : ""}`;
    case "held":
      return `held (${record.decision?.verdict ?? "no verdict"})`;
    case "failed":
      return "the rollback failed";
    case "aborted":
      return "the rollback was aborted";
    case "running":
      return "rollback in progress";
  }
}

/** "2026-11-27 14:17:00Z" when the day differs from the alarm's, else "14:17:00Z". */
function when(iso: string, dayOf: string): string {
  return iso.slice(0, 10) === dayOf.slice(0, 10) ? clock(iso) : `${iso.slice(0, 10)} ${clock(iso)}`;
}

function duration(fromIso: string, toIso: string): string {
  const seconds = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000);
  if (Math.abs(seconds) < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
}

function summary(incident: Incident, links: Links): string {
  const { record } = incident;
  const shift = shiftedAt(record);
  const trigger =
    record.source === "alarm"
      ? `alarm ${record.reason?.replace(/^alarm /, "") ?? ""}`.trim()
      : `${literal(record.actor ?? "someone")}: ${literal(record.reason ?? "")}`;
  const rows = [
    ["Service", record.service],
    ["Status", `${record.status}${record.outcome ? ` (${record.outcome.result})` : ""}`],
    ["Trigger", trigger],
    [record.source === "alarm" ? "Alarm" : "Requested", record.now],
    ...(shift
      ? [
          [
            "Restored",
            `${shift} (${duration(record.now, shift)} after the ${record.source === "alarm" ? "alarm" : "request"})`,
          ],
        ]
      : []),
    ...(record.outcome ? [["Recovery", record.outcome.reason]] : []),
    ...(record.warnings ?? []).map((warning) => ["Warning", literal(warning)]),
    ...(links.statusPage ? [["Status page", links.statusPage]] : []),
    ...(links.execution ? [["Execution", links.execution]] : []),
  ];
  return table(["Field", "Value"], rows);
}

function timelineTable(incident: Incident): string {
  const day = incident.record.now;
  return table(
    ["Time", "What"],
    incidentTimeline(incident).map((entry) => [when(entry.at, day), entry.what]),
  );
}

function impactRow(i: FunctionImpact, day: string): string[] {
  const rate = i.requests > 0 ? percent((i.errors / i.requests) * 100) : "–";
  const expected = i.baseline
    ? `about ${count(Math.round(i.baseline.expectedErrors))} (${percent(i.baseline.ratePercent)}${i.baseline.version ? `, version ${i.baseline.version}` : ""})`
    : "–";
  return [
    `${i.function}:${i.alias}`,
    i.versions.join(", "),
    `${when(i.from, day)} to ${when(i.to, day)}`,
    count(i.requests),
    count(i.errors),
    rate,
    expected,
    `${count(i.aliasErrors)} of ${count(i.aliasRequests)}`,
  ];
}

/** "Lambda errors, AWS/Lambda Errors of Invocations": what the errors and requests are, per source. */
function sourceText(signal: SignalSource): string {
  const { namespace, metrics, errorWording } = SOURCES[signal];
  return `${errorWording}, ${namespace} ${metrics.errors} of ${metrics.requests}`;
}

function impactSection(incident: Incident): string {
  const rows = impact(incident);
  if (rows.length === 0)
    return "## Impact\n\nNo function was shifted or judged, so there is nothing to measure.";
  const excess = rows.reduce(
    (total, i) => total + (i.baseline ? Math.max(0, i.errors - i.baseline.expectedErrors) : 0),
    0,
  );
  const lines = [
    "## Impact",
    `Requests and errors of the version at fault, from its release to the shift (to the ${incident.record.source === "alarm" ? "alarm" : "request"} when nothing shifted), in whole ${incident.periodSeconds} s periods (CloudWatch: ${sourceText(incident.signal)}).`,
    table(
      [
        "Alias",
        "Version at fault",
        "Window",
        "Requests",
        "Failed requests",
        `${capitalize(errorMeasureName(incident.signal))} (%)`,
        "Errors at the baseline rate",
        "All versions: errors of requests",
      ],
      rows.map((i) => impactRow(i, incident.record.now)),
    ),
  ];
  if (rows.some((i) => i.baseline))
    lines.push(
      `About ${count(Math.round(excess))} errors more than the known-good release would have given for the same requests.`,
    );
  return lines.join("\n\n");
}

const PERCENT_KEY = /Percent$/;

/** Numbers as the decision recorded them, in the units their names carry. */
function numberText(key: string, value: number | string | null): string {
  if (value === null) return "–";
  if (typeof value === "string") return value;
  if (key === "pValue") return pValue(value);
  if (PERCENT_KEY.test(key) || key === "rateIncreasePoints")
    return percent(value).replace("%", key === "rateIncreasePoints" ? " points" : "%");
  if (/Ms$/.test(key)) return millis(value);
  if (key === "rateRatio" || key.endsWith("Ratio")) return `${value.toFixed(2)}x`;
  return Number.isInteger(value) ? count(value) : String(value);
}

function numbersTable(numbers: Record<string, number | string | null>): string {
  return table(
    ["Number", "Value"],
    Object.entries(numbers).map(([key, value]) => [key, numberText(key, value)]),
  );
}

function decisionSection(incident: Incident): string {
  const decision = incident.record.decision;
  if (!decision)
    return "## Decision\n\nNo decision was recorded (the run ended before Verify, or a manual rollback skipped it).";
  const judged = decision.decisions ?? [];
  // Each alarm's verdict carries its own reason; the service's is repeated only when it says something else.
  const ownReason = judged.length === 0 || judged.every((d) => d.reason !== decision.reason);
  const parts = [
    "## Decision",
    `Service verdict: **${decision.verdict}**${decision.rule ? ` (${decision.rule})` : ""}${ownReason ? `: ${decision.reason}` : "."}`,
  ];
  for (const d of judged) {
    parts.push(
      `### ${d.alarm} (${d.function})`,
      `**${d.verdict}** by the ${d.rule} rule: ${d.reason}`,
      numbersTable(d.numbers),
    );
  }
  if (judged.length === 0 && decision.numbers) parts.push(numbersTable(decision.numbers));
  return parts.join("\n\n");
}

function followUp(incident: Incident): string {
  const { record } = incident;
  const shifted = shiftedAt(record) !== undefined;
  const faulty = (record.shifts ?? []).map(
    (s) => `version ${versionsOf(record, s.function).faulty.join(", ")} of ${s.function}`,
  );
  const release = incident.releases
    .map((r) =>
      [r.gitSha && `git ${r.gitSha}`, r.migration && `migration ${r.migration}`]
        .filter(Boolean)
        .join(", "),
    )
    .filter(Boolean);
  const alarmAt = moments(incident).find((m) => m.kind === "alarm" || m.kind === "request");
  const items = shifted
    ? [
        `**Root cause**: find why ${faulty.join(" and ")} failed${release.length > 0 ? ` (${release.join("; ")})` : ""}; the decision's numbers above and the metrics from the release on show when it started.`,
        `**Fix**: correct it in a new release, with a test that reproduces the failure.`,
        `**Re-release**: ${record.service} stays frozen after this rollback (\`ripcord gate ${record.service}\` refuses deploys) until the fix is registered (\`POST /releases\`) or someone runs \`ripcord resume ${record.service}\`; then deploy and watch the new release against the known-good one.`,
      ]
    : [
        `**Root cause**: find what made ${record.source === "alarm" ? "the alarm" : "the request"}${alarmAt ? ` at ${clock(alarmAt.at)}` : ""} necessary; Ripcord left the aliases alone${record.decision ? `: ${record.decision.reason}` : ""}.`,
        `**Fix**: correct it where it lies (the release, a dependency, the traffic), or roll back by hand with \`ripcord rollback ${record.service} --reason "..."\` if a release is at fault.`,
        `**Re-release**: deploy the fix and watch its error rate and latency.`,
      ];
  if (record.outcome?.result === "not-recovered")
    items.push(
      `**Recovery**: the service did not recover after the rollback (${record.outcome.reason}); the cause may lie outside the release.`,
    );
  for (const warning of record.warnings ?? []) items.push(`**Warning**: ${literal(warning)}`);
  return ["## Follow-up", items.map((item) => `- [ ] ${item}`).join("\n")].join("\n\n");
}
