import type { RipcordConfig } from "../config/schema.ts";
import { ConfigError } from "../errors/index.ts";
import type { AlarmKind } from "../verify/types.ts";
import { aliasDimensions, measureQuery } from "../signals/index.ts";
import type { AlarmSpec, LatencyStatistic, MetricDataQuery } from "./types.ts";

/** Query ids: the generic measures (CloudWatch wants ids to start with a lower-case letter). */
export const QUERY_IDS = {
  requests: "requests",
  errors: "errors",
  errorRate: "errorRate",
  latency: "latency",
} as const;

const NAME_SUFFIX: Record<AlarmKind, string> = { errorRate: "error-rate", latency: "latency" };
/** CloudWatch's limit on alarm names. */
const MAX_NAME_LENGTH = 255;
/** Leaves room for the longest service (40) and function (64) names and suffix, so every name fits. */
export const MAX_PREFIX_LENGTH = MAX_NAME_LENGTH - 40 - 64 - "-error-rate".length - 2;

export interface SpecOptions {
  /** Starts every alarm name, e.g. "ripcord-production"; it is how Ripcord's EventBridge rule knows its own alarms. */
  prefix: string;
  latencyStatistic: LatencyStatistic;
}

export function alarmName(prefix: string, service: string, fn: string, kind: AlarmKind): string {
  return `${prefix}-${service}-${fn}-${NAME_SUFFIX[kind]}`;
}

/**
 * One error-rate and one latency alarm for every watched function alias of every service; a
 * watch-only service's on `<FunctionName>:$LATEST` (its functions' alias in the parsed config).
 */
export function specs(config: RipcordConfig, options: SpecOptions): AlarmSpec[] {
  const key = `${options.prefix}\n${options.latencyStatistic}`;
  const built = memo.get(config) ?? new Map<string, AlarmSpec[]>();
  memo.set(config, built);
  const known = built.get(key);
  if (known) return [...known];
  const all = buildSpecs(config, options);
  built.set(key, all);
  return [...all];
}

/**
 * The specs of a config, per prefix and statistic: the trigger and Verify look them up on every
 * alarm, on the path to the shift, and building them for 200 functions takes milliseconds. The
 * config is the one fromEnv parsed once per process, so the same object comes back.
 */
const memo = new WeakMap<RipcordConfig, Map<string, AlarmSpec[]>>();

function buildSpecs(config: RipcordConfig, options: SpecOptions): AlarmSpec[] {
  const { prefix, latencyStatistic } = options;
  if (!/^[A-Za-z0-9_.-]+$/.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) {
    throw new ConfigError(
      `alarm name prefix "${prefix}" must be 1 to ${MAX_PREFIX_LENGTH} letters, digits, ".", "_" or "-" so every alarm name stays within ${MAX_NAME_LENGTH} characters`,
    );
  }
  return Object.entries(config.services).flatMap(([service, settings]) =>
    settings.functions.flatMap((watched) => {
      const { periodSeconds, evaluationPeriods, datapointsToAlarm, errorRatePercent, latencyMs } =
        settings.alarms;
      const dimensions = aliasDimensions(watched.name, watched.alias);
      const { signal } = settings;
      const common = {
        service,
        function: watched.name,
        alias: watched.alias,
        signal,
        comparisonOperator: "GreaterThanThreshold",
        periodSeconds,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: "notBreaching",
        ...(settings.watchOnly ? { watchOnly: true as const } : {}),
      } as const;
      // The service's source names the metrics (core/signals); the ids stay the generic measures.
      const sum = (id: "requests" | "errors"): MetricDataQuery =>
        measureQuery(QUERY_IDS[id], signal, id, dimensions, periodSeconds, "Sum", false);
      const errorRate: AlarmSpec = {
        ...common,
        name: alarmName(prefix, service, watched.name, "errorRate"),
        kind: "errorRate",
        threshold: errorRatePercent,
        queries: [
          sum("requests"),
          sum("errors"),
          {
            Id: QUERY_IDS.errorRate,
            Expression: `100 * ${QUERY_IDS.errors} / ${QUERY_IDS.requests}`,
            Label: "Error rate (%)",
            ReturnData: true,
          },
        ],
        returnId: QUERY_IDS.errorRate,
      };
      const latency: AlarmSpec = {
        ...common,
        name: alarmName(prefix, service, watched.name, "latency"),
        kind: "latency",
        threshold: latencyMs,
        queries: [
          measureQuery(
            QUERY_IDS.latency,
            signal,
            "latency",
            dimensions,
            periodSeconds,
            latencyStatistic,
            true,
          ),
        ],
        returnId: QUERY_IDS.latency,
      };
      return [errorRate, latency];
    }),
  );
}

export function byName(all: readonly AlarmSpec[], name: string): AlarmSpec | undefined {
  return all.find((spec) => spec.name === name);
}

/**
 * The queries that fetch the raw per-period values of an alarm without metric math (the local
 * CloudWatch has none): every metric the alarm reads, each returned.
 */
export function rawQueries(spec: AlarmSpec): MetricDataQuery[] {
  return spec.queries
    .filter((query) => query.MetricStat)
    .map((query) => ({ ...query, ReturnData: true }));
}
