import type { Facts } from "./facts.ts";
import { clock } from "./format.ts";
import { describeMetric, describePValue } from "./metric.ts";
import type { TimelineEntry } from "./timeline.ts";
import { changeText } from "./versions.ts";

/** "14:00:03Z  shifted ..."; an entry without a time keeps the column. */
export function timelineLine(entry: TimelineEntry): string {
  return `${entry.at ? clock(entry.at) : "(no time)"}  ${entry.what}`;
}

/** Plain text for SNS (e-mail, SMS), logs and the sandbox: the whole message, in reading order. */
export function plainText(facts: Facts): string {
  const pValue = facts.metric && describePValue(facts.metric);
  const lines = [
    facts.title,
    "",
    `Service: ${facts.service}`,
    `Verdict: ${facts.verdict}`,
    `Trigger: ${facts.trigger}`,
    ...(facts.versions.length > 0
      ? ["Versions:", ...facts.versions.map((v) => `  - ${changeText(v)}`)]
      : []),
    ...(facts.metric ? [`Metric: ${describeMetric(facts.metric)}`] : []),
    ...(pValue ? [`p-value: ${pValue}`] : []),
    ...(facts.reason ? [`Why: ${facts.reason}`] : []),
    ...(facts.recovery ? [`Recovery: ${facts.recovery}`] : []),
    ...(facts.timeline.length > 0
      ? ["Timeline:", ...facts.timeline.map((entry) => `  ${timelineLine(entry)}`)]
      : []),
    ...(facts.links.execution ? [`Execution: ${facts.links.execution}`] : []),
    ...(facts.links.statusPage ? [`Status page: ${facts.links.statusPage}`] : []),
    "",
    `Rollback ${facts.rollbackId}, now ${facts.now}`,
  ];
  return lines.join("\n");
}
