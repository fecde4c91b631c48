import { InputError } from "../errors/index.ts";
import { observe, promote } from "./ledger.ts";
import type { Ledger } from "./types.ts";

/** One alias move of a recorded history: at `at` the alias sent traffic to `version` (a canary with `weight`). */
export interface HistoryEntry {
  version: string;
  at: string;
  weight?: number;
}

/**
 * Builds the ledger a reconciler would have built by watching the alias through `history` (oldest first)
 * until `now`. Each entry of a canary keeps the most recent full release before it as its primary.
 */
export function replay(
  history: readonly HistoryEntry[],
  now: string,
  stabilityWindowMinutes: number,
): Ledger {
  let ledger: Ledger = [];
  let primary: string | undefined;
  for (const entry of history) {
    if (entry.weight === undefined) {
      ledger = observe(
        ledger,
        { version: entry.version, weights: {} },
        entry.at,
        stabilityWindowMinutes,
      );
      primary = entry.version;
      continue;
    }
    if (primary === undefined) {
      throw new InputError(
        `the canary of version ${entry.version} at ${entry.at} has no full release before it`,
      );
    }
    ledger = observe(
      ledger,
      { version: primary, weights: { [entry.version]: entry.weight } },
      entry.at,
      stabilityWindowMinutes,
    );
  }
  return promote(ledger, now, stabilityWindowMinutes);
}
