import { Lambda } from "@ripcord/core/aws";
import { NotFoundError } from "@ripcord/core/errors";

/*
 * The API's reads of alias routing (GET /services, GET /services/:name, the status page). Every
 * GetAlias is a control-plane call: Lambda's quota page counts 15 of them per second per account
 * and region ("Control plane API requests (excludes invocation, GetFunction, and GetPolicy
 * requests)", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html#api-requests),
 * and the adapter paces every one to that budget, the one a rollback's UpdateAlias calls need.
 * A view read each alias per request: 50 clients queued 550 reads behind the pacer.
 *
 * GetFunction (its own 100/s quota) cannot stand in: its FunctionConfiguration has no alias
 * RoutingConfig, so a canary's weights would be lost. Instead one read serves every request for a
 * short while: requests that arrive while a read is in flight wait for it, and for ALIAS_READ_TTL_MS
 * after it started its answer is reused. A read is also reused only under the same service state
 * (lock, cooldown, freeze): a rollback takes the lock before its shift and records the cooldown and
 * freeze after it, so the view that first shows a rollback's end reads the aliases again.
 *
 * Only the API's views use this. The rollback path (core/rollback) and the API's own decisions
 * (POST /rollbacks, POST /releases) read Lambda afresh every time.
 */

/** How long one GetAlias answer serves the views, from when it was sent. */
export const ALIAS_READ_TTL_MS = 2000;

/** Alias routing as the views show it; `stamp` names the service state the read is valid under. */
export type AliasRouting = (fn: string, alias: string, stamp: string) => Promise<Lambda.AliasState>;

export interface AliasReadOptions {
  ttlMs?: number;
  /** Milliseconds on a monotonic clock (tests move it by hand). */
  now?: () => number;
  read?: (fn: string, alias: string) => Promise<Lambda.AliasState>;
}

interface Entry {
  startedAt: number;
  stamp: string;
  answer: Promise<Lambda.AliasState>;
}

/**
 * A reader with its own cache (one per app, so one per API process). An answer that failed is
 * dropped at once, so the next request tries again; a missing alias (NotFoundError) is an answer
 * like any other and is kept.
 */
export function cachedAliasRouting(options: AliasReadOptions = {}): AliasRouting {
  const ttlMs = options.ttlMs ?? ALIAS_READ_TTL_MS;
  const now = options.now ?? (() => performance.now());
  const read = options.read ?? ((fn, alias) => Lambda.getAlias(fn, alias));
  const entries = new Map<string, Entry>();

  return (fn, alias, stamp) => {
    // JSON keeps "a:b" + "c" apart from "a" + "b:c".
    const key = JSON.stringify([fn, alias]);
    const at = now();
    const cached = entries.get(key);
    if (cached && cached.stamp === stamp && at - cached.startedAt < ttlMs) return cached.answer;

    const entry: Entry = { startedAt: at, stamp, answer: read(fn, alias) };
    entries.set(key, entry);
    entry.answer.catch((error: unknown) => {
      // The failure reaches every caller through `answer`; here it only decides what is kept.
      if (!(error instanceof NotFoundError) && entries.get(key) === entry) entries.delete(key);
    });
    return entry.answer;
  };
}
