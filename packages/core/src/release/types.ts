/** One release of a function alias: the alias moved to `version` at `takenAt`. */
export interface Release {
  version: string;
  /** ISO time the alias started sending traffic to this version. */
  takenAt: string;
  /** Canary weight (0..1) of `version`; absent for a full release (100%). */
  weight?: number;
  /** For a canary: the version carrying the rest of the traffic. */
  primaryVersion?: string;
  /** ISO time the alias moved on from this release; absent while it is current. */
  replacedAt?: string;
  /** ISO time Ripcord marked it known-good (served all traffic for the stability window). */
  knownGoodAt?: string;
  /** ISO time Ripcord rolled it back. */
  knownBadAt?: string;
  gitSha?: string;
  migration?: string;
  /** false for a release whose database migration cannot be undone. */
  reversible?: boolean;
}

/** A function alias's releases, oldest first. */
export type Ledger = Release[];

/** Where an alias sends traffic, as Lambda reports it. */
export interface AliasRouting {
  version: string;
  /** Lambda's AdditionalVersionWeights ({} when none). */
  weights: Record<string, number>;
}
