import * as Config from "@ripcord/core/config";
import * as Notify from "@ripcord/core/notify";
import { CloudWatch, Store } from "@ripcord/core/aws";
import { RipcordError } from "@ripcord/core/errors";
import * as History from "@ripcord/core/history";
import { latencyStatistic } from "@ripcord/core/rollback";
import * as Verify from "@ripcord/core/verify";
import * as z from "zod";
import type { ApiDeps } from "../deps.ts";

/** The chart shows half an hour before the alarm and a quarter after it. */
export const CHART_BEFORE_MINUTES = 30;
export const CHART_AFTER_MINUTES = 15;
/** The impact counts from the release; a release older than this is counted from here on. */
const LOOKBACK_LIMIT_MINUTES = 24 * 60;

export interface LoadedIncident {
  incident: Notify.Incident;
  /** The chart's window: [alarm - 30 min, alarm + 15 min). */
  window: { from: string; to: string };
  latencyStatistic: string;
}

const StepShifts = z.object({ shifts: z.array(History.ShiftSchema).optional() });

/**
 * What the run has shifted: the record's shifts once Record has written them; before that (a run
 * still going, or aborted before Record), the last Shift step's, which the run records as progress
 * (core/rollback/history.ts stepsOf). A step written before steps carried them has none.
 */
function shiftsOf(
  record: History.RollbackRecord,
  steps: readonly History.StepRecord[],
): History.ShiftRecord[] | undefined {
  if (record.shifts) return record.shifts;
  const step = steps.findLast((s) => s.name === "Shift");
  if (!step) return undefined;
  const parsed = StepShifts.safeParse(step.detail ?? {});
  if (!parsed.success) {
    throw new RipcordError(`the Shift step of rollback ${record.id} does not match its schema`, {
      cause: parsed.error,
    });
  }
  return parsed.data.shifts;
}

const minutes = (iso: string, delta: number): string =>
  new Date(Date.parse(iso) + delta * 60_000).toISOString();

/**
 * Everything the status page and the report show about one rollback: the record and its steps, the
 * release each function was rolled back from (ledger), and per-version metrics from that release
 * (at most a day back) to a quarter hour after the alarm. A service no longer in the config is shown
 * with the default thresholds.
 */
export async function loadIncident(deps: ApiDeps, id: string): Promise<LoadedIncident> {
  const stored = await Store.getRollback(id);
  const { steps } = stored;
  const shifts = shiftsOf(stored.record, steps);
  const record = { ...stored.record, ...(shifts && { shifts }) };
  const service = Config.serviceOf(deps.config(), record.service);
  const thresholds = service?.alarms ?? Config.Thresholds.parse({});
  // The source the run decided on when the service has left the config; Lambda's own before signals.
  const signal =
    service?.signal ?? record.decision?.decisions?.find((d) => d.signal)?.signal ?? "lambda";
  const statistic = latencyStatistic();
  const window = {
    from: minutes(record.now, -CHART_BEFORE_MINUTES),
    to: minutes(record.now, CHART_AFTER_MINUTES),
  };
  const aliasOf = (fn: string): string =>
    record.shifts?.find((s) => s.function === fn)?.alias ??
    service?.functions.find((f) => f.name === fn)?.alias ??
    "production";

  const perFunction = await Promise.all(
    Notify.functionsOf(record).map(async (fn) => {
      const alias = aliasOf(fn);
      const { faulty, others } = Notify.versionsOf(record, fn);
      const ledger = await Store.loadLedger(fn, alias);
      const release =
        faulty[0] === undefined
          ? undefined
          : Notify.releaseAt(ledger.releases, faulty[0], record.now);
      const earliest = Math.max(
        Date.parse(minutes(record.now, -LOOKBACK_LIMIT_MINUTES)),
        Math.min(Date.parse(window.from), release ? Date.parse(release.takenAt) : Infinity),
      );
      const read = await CloudWatch.periodStats({
        fn,
        alias,
        versions: [...faulty, ...others],
        from: new Date(earliest).toISOString(),
        to: window.to,
        signal,
        periodSeconds: thresholds.periodSeconds,
        latencyStatistic: statistic,
      });
      // Per version as Verify sees it: by ExecutedVersion where it accounts for the alias's
      // traffic, else from the ledger's alias history (docs/design.md "Signals").
      const { byVersion } = Verify.attribute(
        read,
        ledger.releases,
        thresholds.periodSeconds * 1000,
      );
      const stats = { alias: read.alias, byVersion };
      const releaseMoment: Notify.RolledBackRelease | undefined = release && {
        function: fn,
        version: release.version,
        takenAt: release.takenAt,
        ...(release.gitSha && { gitSha: release.gitSha }),
        ...(release.migration && { migration: release.migration }),
      };
      return { metrics: { function: fn, alias, stats }, release: releaseMoment };
    }),
  );
  return {
    incident: {
      record,
      steps,
      releases: perFunction.flatMap((f) => (f.release ? [f.release] : [])),
      periodSeconds: thresholds.periodSeconds,
      signal,
      thresholds: {
        errorRatePercent: thresholds.errorRatePercent,
        latencyMs: thresholds.latencyMs,
      },
      metrics: perFunction.map((f) => f.metrics),
    },
    window,
    latencyStatistic: statistic,
  };
}

/** One chart per function: its versions (the faulty first), its release and the service's moments. */
export function chartsOf(loaded: LoadedIncident): Notify.Chart[] {
  const { incident, window } = loaded;
  const moments = Notify.moments(incident);
  return incident.metrics.map((m, i) => {
    const { faulty, others } = Notify.versionsOf(incident.record, m.function);
    const shift = incident.record.shifts?.find((s) => s.function === m.function);
    const label = (version: string): string => {
      if (faulty.includes(version))
        return `version ${version} (${shift ? "rolled back" : "current"})`;
      if (shift && version === shift.target) return `version ${version} (rolled back to)`;
      return `version ${version}`;
    };
    return Notify.chart({
      id: `chart-${i}`,
      title: `${m.function}:${m.alias} around the ${incident.record.source === "alarm" ? "alarm" : "request"}`,
      from: window.from,
      to: window.to,
      periodSeconds: incident.periodSeconds,
      latencyStatistic: loaded.latencyStatistic,
      thresholds: incident.thresholds,
      signal: incident.signal,
      series: [...faulty, ...others].map((version) => ({
        version,
        label: label(version),
        periods: m.stats.byVersion[version] ?? [],
      })),
      markers: moments.filter(
        (moment) => moment.function === undefined || moment.function === m.function,
      ),
    });
  });
}
