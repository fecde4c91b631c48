import { InputError, NotFoundError } from "../errors/index.ts";
import type { AliasRouting, Ledger, Release } from "./types.ts";
import { targetIndex } from "./target.ts";

/** How many releases a ledger keeps (plus its rollback target and the irreversible releases after it). */
export const MAX_RELEASES = 50;

const MINUTE_MS = 60_000;

export interface ReleaseMeta {
  gitSha?: string;
  migration?: string;
  reversible?: boolean;
}

/** The routing the ledger's current release stands for, to compare with what Lambda reports. */
function routingOf(release: Release): AliasRouting {
  if (release.weight === undefined) return { version: release.version, weights: {} };
  return {
    version: release.primaryVersion ?? release.version,
    weights: { [release.version]: release.weight },
  };
}

function sameRouting(a: AliasRouting, b: AliasRouting): boolean {
  const aWeights = Object.entries(a.weights);
  return (
    a.version === b.version &&
    aWeights.length === Object.keys(b.weights).length &&
    aWeights.every(([version, weight]) => b.weights[version] === weight)
  );
}

/**
 * A version keeps the marks it earned: returning to a proven version (a rollback, an aborted canary)
 * does not make it unproven again, and a known-bad version coming back stays known-bad.
 */
function inheritedMarks(
  ledger: Ledger,
  version: string,
): Pick<Release, "knownGoodAt" | "knownBadAt"> {
  const previous = ledger.filter((release) => release.version === version);
  const knownBadAt = previous.find((release) => release.knownBadAt)?.knownBadAt;
  if (knownBadAt) return { knownBadAt };
  const knownGoodAt = previous.find((release) => release.knownGoodAt)?.knownGoodAt;
  return knownGoodAt ? { knownGoodAt } : {};
}

function metaOf(ledger: Ledger, version: string): ReleaseMeta {
  const last = ledger.findLast((release) => release.version === version);
  if (!last) return {};
  const { gitSha, migration, reversible } = last;
  return {
    ...(gitSha !== undefined && { gitSha }),
    ...(migration !== undefined && { migration }),
    ...(reversible !== undefined && { reversible }),
  };
}

function append(ledger: Ledger, release: Release): Ledger {
  const closed = ledger.map((existing, i) =>
    i === ledger.length - 1 && existing.replacedAt === undefined
      ? { ...existing, replacedAt: release.takenAt }
      : existing,
  );
  const marks = inheritedMarks(ledger, release.version);
  // A canary is never known-good while weighted, whatever its version earned before.
  if (release.weight !== undefined) delete marks.knownGoodAt;
  return [...closed, { ...metaOf(ledger, release.version), ...marks, ...release }];
}

/** The one additional version Lambda allows, with its weight. */
function canaryOf(routing: AliasRouting): { version: string; weight: number } | undefined {
  const entries = Object.entries(routing.weights).filter(
    ([version]) => version !== routing.version,
  );
  if (entries.length > 1) {
    throw new InputError(
      `alias routing names ${entries.length} additional versions (${entries.map(([v]) => v).join(", ")}); Lambda allows one`,
    );
  }
  const [entry] = entries;
  if (!entry) return undefined;
  const [version, weight] = entry;
  if (!(weight > 0 && weight < 1))
    throw new InputError(`canary weight ${weight} of version ${version} is not between 0 and 1`);
  return { version, weight };
}

function isoTime(value: string, what: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InputError(`${what} "${value}" is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

/**
 * Records where the alias sends traffic at `at` when that differs from the ledger's current release:
 * a new full release, a new canary (after its primary, if the primary is new too), a changed canary
 * weight (in place: the canary still took traffic when it started), a promoted or aborted canary.
 * An empty ledger is bootstrapped: the service runs on the alias's version today, so it is known-good.
 * An observation older than the current release leaves the ledger as it is.
 */
export function observe(
  ledger: Ledger,
  routing: AliasRouting,
  at: string,
  stabilityWindowMinutes: number,
): Ledger {
  const observedAt = isoTime(at, "observation time");
  const canary = canaryOf(routing);
  const last = ledger.at(-1);
  // A stale observation (a step whose "now" precedes what the reconciler already recorded) cannot
  // say anything about the alias today: the ledger already holds a later state.
  if (last && Date.parse(observedAt) < Date.parse(last.takenAt)) return ledger;
  let next = promote(ledger, observedAt, stabilityWindowMinutes);
  if (!last) {
    next = [{ version: routing.version, takenAt: observedAt, knownGoodAt: observedAt }];
  } else {
    const observed: AliasRouting = {
      version: routing.version,
      weights: canary ? { [canary.version]: canary.weight } : {},
    };
    const lastRouting = routingOf(last);
    if (sameRouting(lastRouting, observed)) return next;
    if (
      canary &&
      last.weight !== undefined &&
      last.version === canary.version &&
      lastRouting.version === routing.version
    ) {
      return [...next.slice(0, -1), { ...last, weight: canary.weight }];
    }
    const primary = next.findLast((release) => release.weight === undefined);
    if (!canary || primary?.version !== routing.version)
      next = append(next, { version: routing.version, takenAt: observedAt });
  }
  if (canary) {
    next = append(next, {
      version: canary.version,
      takenAt: observedAt,
      weight: canary.weight,
      primaryVersion: routing.version,
    });
  }
  return bound(next);
}

/** Marks known-good every full release that served all traffic for the stability window by `now`. */
export function promote(ledger: Ledger, now: string, stabilityWindowMinutes: number): Ledger {
  const nowMs = Date.parse(isoTime(now, "now"));
  const windowMs = stabilityWindowMinutes * MINUTE_MS;
  return ledger.map((release) => {
    if (release.weight !== undefined || release.knownGoodAt || release.knownBadAt) return release;
    const takenMs = Date.parse(release.takenAt);
    const servedUntilMs = release.replacedAt
      ? Math.min(Date.parse(release.replacedAt), nowMs)
      : nowMs;
    if (servedUntilMs - takenMs < windowMs) return release;
    return { ...release, knownGoodAt: new Date(takenMs + windowMs).toISOString() };
  });
}

/** Marks every release of `version` known-bad (Ripcord rolled it back at `at`). */
export function markBad(ledger: Ledger, version: string, at: string): Ledger {
  if (!ledger.some((release) => release.version === version)) {
    throw new NotFoundError(`version ${version} is not in the ledger`);
  }
  const markedAt = isoTime(at, "known-bad time");
  return ledger.map((release) =>
    release.version === version && !release.knownBadAt
      ? { ...release, knownBadAt: markedAt }
      : release,
  );
}

/** Attaches metadata to every release of `version` (metadata belongs to the version, which is immutable). */
export function annotate(ledger: Ledger, version: string, meta: ReleaseMeta): Ledger {
  if (!ledger.some((release) => release.version === version)) {
    throw new NotFoundError(
      `version ${version} is not in the ledger yet: the reconciler records a new alias version within a minute, then annotate again`,
    );
  }
  const given = Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined));
  return ledger.map((release) =>
    release.version === version ? { ...release, ...given } : release,
  );
}

/**
 * Keeps the newest MAX_RELEASES releases, and never drops the rollback target or an irreversible
 * release between it and the current one (dropping those would change what a rollback may do).
 */
export function bound(ledger: Ledger, max = MAX_RELEASES): Ledger {
  if (ledger.length <= max) return ledger;
  const targetAt = targetIndex(ledger);
  return ledger.filter(
    (release, i) =>
      i >= ledger.length - max ||
      i === targetAt ||
      (targetAt !== undefined && i > targetAt && release.reversible === false),
  );
}
