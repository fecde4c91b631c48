export type {
  AlarmSpec,
  Dimension,
  Evaluation,
  LatencyStatistic,
  MetricDataQuery,
  RawPeriod,
} from "./types.ts";
export {
  MAX_PREFIX_LENGTH,
  QUERY_IDS,
  alarmName,
  byName,
  rawQueries,
  specs,
  type SpecOptions,
} from "./specs.ts";
export { evaluate, valueOf, windowStarts, windowValues } from "./evaluate.ts";
export { isLatencyStatistic } from "./types.ts";
