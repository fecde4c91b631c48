import type { SignalSource } from "../signals/index.ts";
import type { PeriodStats } from "../verify/types.ts";
import {
  escapeXml,
  hourMinute,
  linearScale,
  niceTicks,
  px,
  timeTicks,
  type Scale,
} from "./chart-scale.ts";
import { capitalize, clock, count, millis, percent, thresholdPercent } from "./format.ts";
import { errorMeasureName } from "./metric.ts";

/**
 * The status page's chart of one function around a rollback: error rate and latency per version,
 * one line per version in each panel, with the release, the alarm, the shift and the recovery
 * marked. Pure: SVG markup plus the same numbers as a description and a table, for people who
 * cannot see the picture.
 */

export interface ChartSeries {
  version: string;
  /** "version 3 (rolled back)": the legend's words. */
  label: string;
  periods: PeriodStats[];
}

export interface ChartMarker {
  kind: string;
  at: string;
  label: string;
  detail: string;
}

export interface ChartInput {
  /** Prefix of the ids inside the SVG: unique within the page. */
  id: string;
  title: string;
  from: string;
  to: string;
  periodSeconds: number;
  /** "p99" on AWS, "Maximum" in the sandbox. */
  latencyStatistic: string;
  series: ChartSeries[];
  markers: ChartMarker[];
  thresholds?: { errorRatePercent: number; latencyMs: number };
  /** The service's signal source: it names the error measure ("HTTP 5xx rate", "Lambda errors"). */
  signal?: SignalSource;
}

export interface ChartTable {
  caption: string;
  head: string[];
  rows: string[][];
}

export interface Chart {
  svg: string;
  /** What the chart shows, in sentences (also the SVG's <desc>). */
  description: string;
  table: ChartTable;
}

const WIDTH = 880;
const HEIGHT = 476;
const LEFT = 72;
const RIGHT = WIDTH - 24;
const LABEL_ROWS = [16, 32, 48];
const PANELS = { errors: { top: 84, bottom: 224 }, latency: { top: 268, bottom: 408 } } as const;
const LEGEND_Y = 458;
const CHAR_PX = 7;

/** Okabe-Ito based, darkened where needed for 3:1 against white; the dash tells them apart without colour. */
const SERIES_STYLE = [
  { color: "#D55E00", dash: "" },
  { color: "#0072B2", dash: "7 4" },
  { color: "#00785A", dash: "2 3" },
  { color: "#7B3FA0", dash: "10 3 2 3" },
  { color: "#8A6A00", dash: "4 2" },
  { color: "#4D4D4D", dash: "1 2" },
];
const MARKER_STYLE: Record<string, { color: string; dash: string }> = {
  release: { color: "#4D4D4D", dash: "" },
  alarm: { color: "#B3261E", dash: "6 3" },
  request: { color: "#B3261E", dash: "6 3" },
  shift: { color: "#1A1A1A", dash: "8 3 2 3" },
  recovery: { color: "#1E7340", dash: "2 3" },
};

type Measure = (period: PeriodStats) => number | undefined;
const errorRate: Measure = (p) => (p.requests > 0 ? (p.errors / p.requests) * 100 : undefined);
const latency: Measure = (p) => (p.requests > 0 ? p.latencyMs : undefined);

const styleOf = (i: number) =>
  SERIES_STYLE[i % SERIES_STYLE.length] ?? { color: "#000000", dash: "" };
const dashAttr = (dash: string): string => (dash ? ` stroke-dasharray="${dash}"` : "");

export function chart(input: ChartInput): Chart {
  const fromMs = Date.parse(input.from);
  const toMs = Date.parse(input.to);
  const periodMs = input.periodSeconds * 1000;
  const inWindow = (p: PeriodStats): boolean =>
    Date.parse(p.start) >= fromMs && Date.parse(p.start) < toMs;
  const series = input.series.map((s) => ({ ...s, periods: s.periods.filter(inWindow) }));
  const x = linearScale([fromMs, toMs], [LEFT, RIGHT]);
  const xOf = (p: PeriodStats): number => x(Date.parse(p.start) + periodMs / 2);

  const panels = [
    {
      name: "errors",
      measure: errorRate,
      threshold: input.thresholds?.errorRatePercent,
      unit: (v: number) => `${v}%`,
      heading: `${capitalize(errorMeasureName(input.signal))} (% of requests)`,
    },
    {
      name: "latency",
      measure: latency,
      threshold: input.thresholds?.latencyMs,
      unit: (v: number) => `${v} ms`,
      heading: `Latency (${input.latencyStatistic}, ms)`,
    },
  ] as const;
  const scaled = panels.map((p) => {
    const values = series
      .flatMap((s) => s.periods.map(p.measure))
      .filter((v): v is number => v !== undefined);
    // Headroom above the highest point and the threshold, so neither sits on the panel's edge.
    const ticks = niceTicks(Math.max(0, ...values.map((v) => v * 1.05), (p.threshold ?? 0) * 1.1));
    const { top, bottom } = PANELS[p.name];
    return { ...p, ticks, top, bottom, y: linearScale([0, ticks.at(-1) ?? 1], [bottom, top]) };
  });
  const frames = scaled
    .map(
      (p) =>
        `<g class="panel" data-panel="${p.name}">${axes(p.ticks, p.y, p.unit, p.top, p.bottom, p.heading)}${thresholdLine(p.threshold, p.y, p.unit)}</g>`,
    )
    .join("");
  // One group per version, holding its line in each panel: the legend, the tooltip and tests find a version by it.
  const lines = series
    .map((s, i) => {
      const paths = scaled
        .map((p) => seriesPath(s.periods, p.measure, xOf, p.y, styleOf(i), p.name))
        .join("");
      return `<g class="series" data-version="${escapeXml(s.version)}"><title>${escapeXml(s.label)}</title>${paths}</g>`;
    })
    .join("");

  const description = describe(input, series);
  const id = escapeXml(input.id);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif" font-size="12">` +
    `<title id="${id}-title">${escapeXml(input.title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>` +
    frames +
    timeAxis(fromMs, toMs, x) +
    lines +
    markers(input.markers, fromMs, toMs, x) +
    legend(series) +
    `</svg>`;
  return { svg, description, table: table(input, series) };
}

function seriesPath(
  periods: PeriodStats[],
  measure: Measure,
  xOf: (p: PeriodStats) => number,
  y: Scale,
  style: { color: string; dash: string },
  panel: string,
): string {
  let d = "";
  let previous = false;
  const isolated: string[] = [];
  periods.forEach((p, i) => {
    const value = measure(p);
    if (value === undefined) {
      previous = false;
      return;
    }
    d += `${previous ? "L" : "M"}${px(xOf(p))} ${px(y(value))}`;
    const next = periods[i + 1];
    if (!previous && (next === undefined || measure(next) === undefined))
      isolated.push(
        `<circle cx="${px(xOf(p))}" cy="${px(y(value))}" r="2.5" fill="${style.color}"/>`,
      );
    previous = true;
  });
  if (!d) return "";
  return `<path class="line" data-panel="${panel}" d="${d}" fill="none" stroke="${style.color}" stroke-width="2"${dashAttr(style.dash)}/>${isolated.join("")}`;
}

function axes(
  ticks: number[],
  y: Scale,
  unit: (v: number) => string,
  top: number,
  bottom: number,
  heading: string,
): string {
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${LEFT}" x2="${RIGHT}" y1="${px(y(t))}" y2="${px(y(t))}" stroke="#e3e3e3"/>` +
        `<text x="${LEFT - 6}" y="${px(y(t) + 4)}" text-anchor="end" fill="#333333">${escapeXml(unit(t))}</text>`,
    )
    .join("");
  return (
    `<text x="${LEFT}" y="${top - 10}" font-weight="600" fill="#1a1a1a">${escapeXml(heading)}</text>${grid}` +
    `<line x1="${LEFT}" x2="${LEFT}" y1="${top}" y2="${bottom}" stroke="#8c8c8c"/><line x1="${LEFT}" x2="${RIGHT}" y1="${bottom}" y2="${bottom}" stroke="#8c8c8c"/>`
  );
}

function thresholdLine(
  threshold: number | undefined,
  y: Scale,
  unit: (v: number) => string,
): string {
  if (threshold === undefined) return "";
  const at = px(y(threshold));
  return (
    `<g class="threshold"><line x1="${LEFT}" x2="${RIGHT}" y1="${at}" y2="${at}" stroke="#6b6b6b" stroke-dasharray="4 4"/>` +
    `<text x="${RIGHT - 4}" y="${px(y(threshold) - 4)}" text-anchor="end" fill="#4d4d4d" font-size="11">threshold ${escapeXml(unit(threshold))}</text></g>`
  );
}

function timeAxis(fromMs: number, toMs: number, x: Scale): string {
  const bottom = PANELS.latency.bottom;
  const ticks = timeTicks(fromMs, toMs)
    .map(
      (t) =>
        `<line x1="${px(x(t))}" x2="${px(x(t))}" y1="${bottom}" y2="${bottom + 5}" stroke="#8c8c8c"/><text x="${px(x(t))}" y="${bottom + 18}" text-anchor="middle" fill="#333333">${hourMinute(t)}</text>`,
    )
    .join("");
  return `<g class="time-axis">${ticks}<text x="${RIGHT}" y="${bottom + 34}" text-anchor="end" fill="#333333">time (UTC)</text></g>`;
}

/** Labels go on the first row where they overlap no other label, so close moments stay readable. */
function markers(list: ChartMarker[], fromMs: number, toMs: number, x: Scale): string {
  const taken: Array<Array<[number, number]>> = LABEL_ROWS.map(() => []);
  const visible = list
    .filter((m) => Date.parse(m.at) >= fromMs && Date.parse(m.at) <= toMs)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return visible
    .map((m) => {
      const at = x(Date.parse(m.at));
      const width = m.label.length * CHAR_PX + 6;
      const endAnchored = at + width > RIGHT;
      const span: [number, number] = endAnchored ? [at - width, at] : [at, at + width];
      let row = taken.findIndex((used) => used.every(([a, b]) => span[1] < a || span[0] > b));
      if (row < 0) row = LABEL_ROWS.length - 1;
      taken[row]?.push(span);
      const labelY = LABEL_ROWS[row] ?? LABEL_ROWS[0] ?? 16;
      const style = MARKER_STYLE[m.kind] ?? { color: "#1a1a1a", dash: "" };
      const textX = endAnchored ? at - 3 : at + 3;
      return (
        `<g class="marker" data-marker="${escapeXml(m.kind)}"><title>${escapeXml(`${m.label} at ${clock(m.at)}: ${m.detail}`)}</title>` +
        `<line x1="${px(at)}" x2="${px(at)}" y1="${labelY - 10}" y2="${PANELS.latency.bottom}" stroke="${style.color}" stroke-width="1.5"${dashAttr(style.dash)}/>` +
        `<text x="${px(textX)}" y="${labelY}" text-anchor="${endAnchored ? "end" : "start"}" fill="${style.color}" font-weight="600">${escapeXml(m.label)}</text></g>`
      );
    })
    .join("");
}

function legend(series: Array<{ label: string }>): string {
  let cursor = LEFT;
  const items = series.map((s, i) => {
    const style = styleOf(i);
    const item =
      `<g class="legend-item"><line x1="${cursor}" x2="${cursor + 24}" y1="${LEGEND_Y - 4}" y2="${LEGEND_Y - 4}" stroke="${style.color}" stroke-width="2"${dashAttr(style.dash)}/>` +
      `<text x="${cursor + 30}" y="${LEGEND_Y}" fill="#1a1a1a">${escapeXml(s.label)}</text></g>`;
    cursor += 30 + s.label.length * CHAR_PX + 24;
    return item;
  });
  return `<g class="legend">${items.join("")}</g>`;
}

function range(values: number[], format: (v: number) => string): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? format(low) : `${format(low)} to ${format(high)}`;
}

function describe(input: ChartInput, series: ChartSeries[]): string {
  const measure = errorMeasureName(input.signal);
  const head = `${input.title}: ${measure} and latency (${input.latencyStatistic}) per ${input.periodSeconds} s period and version, from ${clock(input.from)} to ${clock(input.to)}.`;
  const lines = series.map((s) => {
    const active = s.periods.filter((p) => p.requests > 0);
    if (active.length === 0) return `${capitalize(s.label)}: no traffic in this window.`;
    const rates = active.map((p) => errorRate(p) ?? 0);
    const worst = active[rates.indexOf(Math.max(...rates))];
    const latencies = active.flatMap((p) => (p.latencyMs === undefined ? [] : [p.latencyMs]));
    return (
      `${capitalize(s.label)}: traffic in ${active.length} periods, ${measure} ${range(rates, percent)}${worst ? ` (highest at ${clock(worst.start)})` : ""}` +
      `${latencies.length > 0 ? `, latency ${range(latencies, millis)}` : ""}.`
    );
  });
  const fromMs = Date.parse(input.from);
  const toMs = Date.parse(input.to);
  const marked = input.markers.map((m) => {
    const at = Date.parse(m.at);
    const outside = at < fromMs ? " (before the chart)" : at > toMs ? " (after the chart)" : "";
    return `${m.label} at ${clock(m.at)}${outside}: ${m.detail}`;
  });
  const thresholds = input.thresholds
    ? `Thresholds: ${thresholdPercent(input.thresholds.errorRatePercent)} errors, ${millis(input.thresholds.latencyMs)}.`
    : "";
  return [
    head,
    ...lines,
    ...(marked.length > 0 ? [`Marked: ${marked.join("; ")}.`] : []),
    thresholds,
  ]
    .filter(Boolean)
    .join(" ");
}

function table(input: ChartInput, series: ChartSeries[]): ChartTable {
  const starts = [
    ...new Set(
      series.flatMap((s) =>
        s.periods.filter((p) => p.requests > 0).map((p) => Date.parse(p.start)),
      ),
    ),
  ].sort((a, b) => a - b);
  const measure = errorMeasureName(input.signal);
  const head = [
    "Period (UTC)",
    ...series.flatMap((s) => [
      `${s.label}: requests`,
      "errors",
      measure,
      `latency (${input.latencyStatistic})`,
    ]),
  ];
  const rows = starts.map((start) => [
    clock(new Date(start).toISOString()),
    ...series.flatMap((s) => {
      const p = s.periods.find((period) => Date.parse(period.start) === start);
      if (!p || p.requests === 0) return ["0", "0", "–", "–"];
      return [
        count(p.requests),
        count(p.errors),
        percent(errorRate(p) ?? 0),
        p.latencyMs === undefined ? "–" : millis(p.latencyMs),
      ];
    }),
  ]);
  return {
    caption: `${input.title}: requests, errors, ${measure} and latency per period and version`,
    head,
    rows,
  };
}
