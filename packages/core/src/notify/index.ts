export * from "./render.ts";
export { linksFor, executionConsoleUrl, statusPageUrl, type Links } from "./links.ts";
export { Delivery, NotifyResult, SlackMessageRef } from "../state/index.ts";
export type { Facts, Outcome } from "./facts.ts";
export type { FiringMetric } from "./metric.ts";
export type { TimelineEntry } from "./timeline.ts";
export type { VersionChange } from "./versions.ts";
export {
  chart,
  type Chart,
  type ChartInput,
  type ChartMarker,
  type ChartSeries,
  type ChartTable,
} from "./chart.ts";
export { linearScale, niceTicks, timeTicks } from "./chart-scale.ts";
export {
  impact,
  incidentTimeline,
  moments,
  releaseAt,
  versionsOf,
  functionsOf,
  type FunctionImpact,
  type FunctionMetrics,
  type Incident,
  type Moment,
  type RolledBackRelease,
} from "./incident.ts";
export { incidentReport } from "./report.ts";
