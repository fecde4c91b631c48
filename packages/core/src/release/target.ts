import type { Ledger, Release } from "./types.ts";

export interface RollbackTarget {
  /** What the alias serves now (for a canary: the weighted release). */
  current?: Release;
  /** The most recent known-good release before the current one, of another version. */
  target?: Release;
  /** Releases after the target up to and including the current one that cannot be undone. */
  irreversible: Release[];
}

export function current(ledger: Ledger): Release | undefined {
  return ledger.at(-1);
}

function isProven(release: Release): boolean {
  return (
    release.knownGoodAt !== undefined &&
    release.knownBadAt === undefined &&
    release.weight === undefined
  );
}

/** Index of the rollback target in the ledger, if there is one. */
export function targetIndex(ledger: Ledger): number | undefined {
  const now = ledger.at(-1);
  if (!now) return undefined;
  for (let i = ledger.length - 2; i >= 0; i--) {
    const release = ledger[i];
    // Returning to the version the alias already serves would change nothing.
    if (release && release.version !== now.version && isProven(release)) return i;
  }
  return undefined;
}

/** Where a rollback of this alias goes, and what stands in its way. */
export function target(ledger: Ledger): RollbackTarget {
  const now = current(ledger);
  if (!now) return { irreversible: [] };
  const at = targetIndex(ledger);
  const irreversible = ledger
    .slice(at === undefined ? 0 : at + 1)
    .filter((release) => release.reversible === false);
  return { current: now, ...(at !== undefined && { target: ledger[at] }), irreversible };
}

/**
 * When the current version first took traffic: a canary later promoted to 100% took traffic when the
 * canary started, and its ledger holds the canary and the full release one after the other.
 */
export function tookTrafficAt(ledger: Ledger): string | undefined {
  const now = current(ledger);
  if (!now) return undefined;
  let first = now;
  for (let i = ledger.length - 2; i >= 0; i--) {
    const release = ledger[i];
    if (!release || release.version !== now.version) break;
    first = release;
  }
  return first.takenAt;
}

/** Whether Ripcord rolled this version back before (a redeploy of it deserves a loud notification). */
export function isKnownBad(ledger: Ledger, version: string): boolean {
  return ledger.some((release) => release.version === version && release.knownBadAt !== undefined);
}
