export * from "./render.ts";
export { linksFor, executionConsoleUrl, statusPageUrl, type Links } from "./links.ts";
export { Delivery, NotifyResult, SlackMessageRef } from "./result.ts";
export type { Facts, Outcome } from "./facts.ts";
export type { FiringMetric } from "./metric.ts";
export type { TimelineEntry } from "./timeline.ts";
export type { VersionChange } from "./versions.ts";
