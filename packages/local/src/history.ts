import { InputError } from "@ripcord/core/errors";
import * as Release from "@ripcord/core/release";

/** One alias move of a recorded history: at `at` the alias sent traffic to `version` (a canary with `weight`). */
export interface HistoryEntry {
  version: string;
  at: string;
  weight?: number;
}

/** Where an alias sent traffic from `at` on: one move of a recorded history. */
export interface AliasMove {
  routing: Release.AliasRouting;
  at: string;
}

/** A release of a history: a full one, or a canary with `weight`. */
interface ReleaseStep {
  version: string;
  weight?: number;
}

/**
 * Each release (oldest first) with the routing it left the alias in: a full release sends all
 * traffic to its version; a canary sends `weight` to its version and the rest to the most recent
 * full release before it (Lambda's AdditionalVersionWeights beside the alias's version).
 */
function* routingsOf<Step extends ReleaseStep>(
  releases: readonly Step[],
): Generator<[Step, Release.AliasRouting]> {
  let primary: string | undefined;
  for (const release of releases) {
    if (release.weight === undefined) {
      primary = release.version;
      yield [release, { version: release.version, weights: {} }];
      continue;
    }
    if (primary === undefined) {
      throw new InputError(
        `the canary of version ${release.version} has no full release before it`,
      );
    }
    yield [release, { version: primary, weights: { [release.version]: release.weight } }];
  }
}

/** A history's entries as the alias moves a team made, oldest first. */
export function aliasMoves(history: readonly HistoryEntry[]): AliasMove[] {
  return [...routingsOf(history)].map(([entry, routing]) => ({ routing, at: entry.at }));
}

/** Where the alias stands after the last release. */
export function routingAfter(releases: readonly ReleaseStep[]): Release.AliasRouting {
  const last = [...routingsOf(releases)].at(-1);
  if (!last) throw new InputError("a history needs at least one release");
  return last[1];
}

/**
 * The ledger a reconciler would have built watching the alias through `history` (oldest first)
 * until `now`: core's own ledger functions (observe at each move, promote at now), without AWS.
 * The tests and the bench decide scenarios with it; the sandbox moves a real alias instead and
 * lets the reconciler record it (deploy.ts).
 */
export function replay(
  history: readonly HistoryEntry[],
  now: string,
  stabilityWindowMinutes: number,
): Release.Ledger {
  let ledger: Release.Ledger = [];
  for (const move of aliasMoves(history)) {
    ledger = Release.observe(ledger, move.routing, move.at, stabilityWindowMinutes);
  }
  return Release.promote(ledger, now, stabilityWindowMinutes);
}
