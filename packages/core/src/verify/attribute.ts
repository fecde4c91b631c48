import type { Release } from "../release/types.ts";
import { toIso, toMs } from "./time.ts";
import type { DecisionMetrics, PeriodStats } from "./types.ts";

/**
 * docs/design.md "Signals", attribution without the dimension. A source may publish its
 * version-level series (ExecutedVersion) for only part of an alias's traffic, or not at all (AWS
 * documents it on URL metrics "primarily" for $LATEST URLs). So a period is attributed by dimension
 * if and only if its version-level sums equal its alias-level sum; otherwise it is attributed from
 * the ledger's alias history: it belongs to the version the alias served at 100% throughout it;
 * weighted or changing periods are not attributed (a canary without the dimension is then
 * inconclusive: its baseline has no traffic of its own).
 */
export interface Attribution {
  /** Per version, the periods credited to it (by dimension or from the alias history). */
  byVersion: Record<string, PeriodStats[]>;
  /** Starts (epoch ms) of the periods credited from the alias history. */
  fromHistory: number[];
  /** Starts (epoch ms) of the periods with traffic that no version is credited with. */
  unattributed: number[];
}

const ZERO = { requests: 0, errors: 0 };

/** When each release served: from its takenAt to its replacement (or the next release). */
function spans(
  ledger: readonly Release[],
): Array<{ release: Release; startMs: number; endMs: number }> {
  return ledger.map((release, i) => {
    const next = ledger[i + 1];
    return {
      release,
      startMs: toMs(release.takenAt, "release time"),
      endMs:
        release.replacedAt !== undefined
          ? toMs(release.replacedAt, "replacement time")
          : next
            ? toMs(next.takenAt, "release time")
            : Number.POSITIVE_INFINITY,
    };
  });
}

/**
 * Every version the ledger says the alias served in [fromMs, untilMs) (a canary's primary too):
 * the version level is judged complete only against all of them, so a reader fetches each.
 */
export function versionsServed(
  ledger: readonly Release[],
  fromMs: number,
  untilMs: number,
): string[] {
  const versions = spans(ledger)
    .filter(({ startMs, endMs }) => endMs > fromMs && startMs < untilMs)
    .flatMap(({ release }) =>
      release.primaryVersion === undefined
        ? [release.version]
        : [release.version, release.primaryVersion],
    );
  return [...new Set(versions)];
}

/** The version the ledger says the alias served at 100% over all of [fromMs, toMs), if one did. */
export function servedThroughout(
  ledger: readonly Release[],
  fromMs: number,
  untilMs: number,
): string | undefined {
  let version: string | undefined;
  let coveredUntil: number | undefined;
  for (const { release, startMs, endMs } of spans(ledger)) {
    if (endMs <= fromMs || startMs >= untilMs) continue;
    // Weighted (a canary: two versions at once), another version, or a gap the ledger does not
    // account for: not one version throughout.
    if (release.weight !== undefined) return undefined;
    if (version !== undefined && release.version !== version) return undefined;
    if (coveredUntil === undefined ? startMs > fromMs : startMs > coveredUntil) return undefined;
    version = release.version;
    coveredUntil = endMs;
  }
  return coveredUntil !== undefined && coveredUntil >= untilMs ? version : undefined;
}

function byStart(stats: readonly PeriodStats[] | undefined): Map<number, PeriodStats> {
  return new Map((stats ?? []).map((period) => [toMs(period.start, "period start"), period]));
}

/**
 * The per-version series a decision reads: each period attributed by dimension where the version
 * level accounts for the alias's whole traffic, else from the ledger, else not at all.
 */
export function attribute(
  metrics: DecisionMetrics,
  ledger: readonly Release[],
  periodMs: number,
): Attribution {
  const alias = byStart(metrics.alias);
  const versions = Object.entries(metrics.byVersion).map(
    ([version, stats]) => [version, byStart(stats)] as const,
  );
  const starts = new Set<number>(alias.keys());
  for (const [, periods] of versions) for (const start of periods.keys()) starts.add(start);

  const credited = new Map<string, PeriodStats[]>(versions.map(([version]) => [version, []]));
  const credit = (version: string, period: PeriodStats): void => {
    const list = credited.get(version) ?? [];
    list.push(period);
    credited.set(version, list);
  };
  const fromHistory: number[] = [];
  const unattributed: number[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const whole = alias.get(start) ?? { start: toIso(start), ...ZERO };
    const own = versions.flatMap(([version, periods]) => {
      const period = periods.get(start);
      return period ? [[version, period] as const] : [];
    });
    const sum = own.reduce(
      (total, [, period]) => ({
        requests: total.requests + period.requests,
        errors: total.errors + period.errors,
      }),
      ZERO,
    );
    if (sum.requests === whole.requests && sum.errors === whole.errors) {
      for (const [version, period] of own) credit(version, period);
      continue;
    }
    // Without alias-level traffic there is nothing to credit from the history either.
    const version =
      whole.requests > 0 ? servedThroughout(ledger, start, start + periodMs) : undefined;
    if (version === undefined) {
      unattributed.push(start);
      continue;
    }
    // One version served all of it: the alias level is that version's own traffic.
    credit(version, { ...whole, start: toIso(start) });
    fromHistory.push(start);
  }
  const byVersion: Record<string, PeriodStats[]> = {};
  for (const [version, periods] of credited) byVersion[version] = periods;
  return { byVersion, fromHistory, unattributed };
}
