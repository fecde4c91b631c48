import type { PeriodStats } from "../../verify/types.ts";
import {
  aliasDimensions,
  measureQuery,
  versionDimensions,
  type Measure,
  type MetricDataQuery,
  type SignalSource,
} from "../../signals/index.ts";
import { getMetricData, type MetricSeries } from "./metric-data.ts";

export type { Measure };

/**
 * How a service's metrics are read: its signal source (which names the metrics), one period's
 * resolution and the latency statistic ("p99" on AWS, "Maximum" on moto).
 */
export interface SeriesOptions {
  signal: SignalSource;
  periodSeconds: number;
  latencyStatistic: string;
  /** Which series to read (all three by default): an error-rate decision needs no latency, and each query costs. */
  measures?: readonly Measure[];
}

export interface PeriodStatsRequest extends SeriesOptions {
  fn: string;
  alias: string;
  versions: string[];
  /** ISO; rounded down to a period boundary. */
  from: string;
  /** ISO; periods start before it. */
  to: string;
}

export interface AliasAndVersionStats {
  alias: PeriodStats[];
  byVersion: Record<string, PeriodStats[]>;
}

const ALL: readonly Measure[] = ["requests", "errors", "latency"];

function measures(
  prefix: string,
  dimensions: Record<string, string>,
  options: SeriesOptions,
): MetricDataQuery[] {
  const wanted = new Set<Measure>(options.measures ?? ALL);
  return ALL.filter((measure) => wanted.has(measure)).map((measure) =>
    measureQuery(
      `${prefix}_${measure}`,
      options.signal,
      measure,
      dimensions,
      options.periodSeconds,
      measure === "latency" ? options.latencyStatistic : "Sum",
      true,
    ),
  );
}

/** Query id prefix of a version's series: ids must start with a lower-case letter. */
export function versionQueryPrefix(version: string): string {
  return `v${version.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** Requests (Sum), errors (Sum) and latency (the latency statistic) of the alias as a whole. */
export function aliasQueries(fn: string, alias: string, options: SeriesOptions): MetricDataQuery[] {
  return measures("alias", aliasDimensions(fn, alias), options);
}

/** The same three series for the traffic one version served through the alias. */
export function versionQueries(
  fn: string,
  alias: string,
  version: string,
  options: SeriesOptions,
): MetricDataQuery[] {
  return measures(versionQueryPrefix(version), versionDimensions(fn, alias, version), options);
}

function periodGrid(from: string, to: string, periodMs: number): number[] {
  const start = Math.floor(new Date(from).getTime() / periodMs) * periodMs;
  const end = new Date(to).getTime();
  const grid: number[] = [];
  for (let t = start; t < end; t += periodMs) grid.push(t);
  return grid;
}

function toStats(
  grid: number[],
  periodMs: number,
  series: (measure: Measure) => MetricSeries | undefined,
): PeriodStats[] {
  const stats: PeriodStats[] = grid.map((t) => ({
    start: new Date(t).toISOString(),
    requests: 0,
    errors: 0,
  }));
  const first = grid[0] ?? 0;
  const place = (measure: Measure, apply: (period: PeriodStats, value: number) => void): void => {
    const found = series(measure);
    found?.timestamps.forEach((timestamp, i) => {
      const period = stats[Math.floor((new Date(timestamp).getTime() - first) / periodMs)];
      const value = found.values[i];
      if (period && value !== undefined) apply(period, value);
    });
  };
  place("requests", (period, value) => (period.requests = value));
  place("errors", (period, value) => (period.errors = value));
  place("latency", (period, value) => (period.latencyMs = value));
  return stats;
}

/**
 * Every period in [from, to) for the alias and each version, from one GetMetricData request
 * (paged). Periods without traffic count zero requests and errors and carry no latency: no
 * source publishes anything for a period in which nothing ran.
 */
export async function periodStats(request: PeriodStatsRequest): Promise<AliasAndVersionStats> {
  const periodMs = request.periodSeconds * 1000;
  const grid = periodGrid(request.from, request.to, periodMs);
  const from = new Date(grid[0] ?? new Date(request.from).getTime()).toISOString();
  const queries = [
    ...aliasQueries(request.fn, request.alias, request),
    ...request.versions.flatMap((version) =>
      versionQueries(request.fn, request.alias, version, request),
    ),
  ];
  const data = await getMetricData(queries, from, request.to);

  const byVersion: Record<string, PeriodStats[]> = {};
  for (const version of request.versions) {
    byVersion[version] = toStats(
      grid,
      periodMs,
      (measure) => data[`${versionQueryPrefix(version)}_${measure}`],
    );
  }
  return { alias: toStats(grid, periodMs, (measure) => data[`alias_${measure}`]), byVersion };
}
