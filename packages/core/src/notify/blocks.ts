import type { Facts } from "./facts.ts";
import { escapeMrkdwn, truncate } from "./format.ts";
import { describeMetric, describePValue } from "./metric.ts";
import { timelineLine } from "./text.ts";
import { changeText } from "./versions.ts";

type Mrkdwn = { type: "mrkdwn"; text: string };

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: Mrkdwn }
  | { type: "section"; fields: Mrkdwn[] }
  | { type: "context"; elements: Mrkdwn[] };

// Block Kit limits: header text 150, section text 3000, a field 2000 characters.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

function mrkdwn(text: string, max: number): Mrkdwn {
  return { type: "mrkdwn", text: truncate(text, max) };
}

function section(label: string, body: string): SlackBlock {
  return { type: "section", text: mrkdwn(`*${label}*\n${escapeMrkdwn(body)}`, SECTION_MAX) };
}

function field(label: string, body: string): Mrkdwn {
  return mrkdwn(`*${label}*\n${escapeMrkdwn(body)}`, FIELD_MAX);
}

/** "<https://...|Execution>": Slack's link syntax; the label is ours, the URL built by links.ts. */
function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${label}>`;
}

/** Block Kit for Slack (incoming webhook or chat.postMessage / chat.update): the same facts as the text. */
export function slackBlocks(facts: Facts): SlackBlock[] {
  const pValue = facts.metric && describePValue(facts.metric);
  const metric =
    facts.metric &&
    [describeMetric(facts.metric), ...(pValue ? [`p-value: ${pValue}`] : [])].join("\n");
  const links = [
    ...(facts.links.execution ? [link(facts.links.execution, "Execution")] : []),
    ...(facts.links.statusPage ? [link(facts.links.statusPage, "Status page")] : []),
  ];
  return [
    { type: "header", text: { type: "plain_text", text: truncate(facts.title, HEADER_MAX) } },
    {
      type: "section",
      fields: [
        field("Service", facts.service),
        field("Verdict", facts.verdict),
        field("Versions", facts.versions.map(changeText).join("\n") || "none"),
        field("Trigger", facts.trigger),
      ],
    },
    ...(metric ? [section("Metric", metric)] : []),
    ...(facts.reason ? [section("Why", facts.reason)] : []),
    ...(facts.recovery ? [section("Recovery", facts.recovery)] : []),
    ...(facts.timeline.length > 0
      ? [section("Timeline", facts.timeline.map(timelineLine).join("\n"))]
      : []),
    {
      type: "context",
      elements: [
        mrkdwn(
          [
            ...links,
            escapeMrkdwn(`rollback ${facts.rollbackId}`),
            escapeMrkdwn(`now ${facts.now}`),
          ].join(" · "),
          FIELD_MAX,
        ),
      ],
    },
  ];
}
