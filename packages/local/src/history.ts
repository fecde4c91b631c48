import { InputError } from "@ripcord/core/errors";
import type { AliasRouting, HistoryEntry } from "@ripcord/core/release";

/** Where an alias sent traffic from `at` on: one move of a recorded history. */
export interface AliasMove {
  routing: AliasRouting;
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
): Generator<[Step, AliasRouting]> {
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
export function routingAfter(releases: readonly ReleaseStep[]): AliasRouting {
  const last = [...routingsOf(releases)].at(-1);
  if (!last) throw new InputError("a history needs at least one release");
  return last[1];
}
