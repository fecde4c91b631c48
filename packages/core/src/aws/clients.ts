import { ConfigError } from "../errors/index.ts";

/*
 * Shared SDK client settings and lazy construction. Each adapter builds its own client on first
 * use, so a handler's bundle holds only the SDK packages it calls and a cold start pays only for
 * the clients it needs. Endpoints come from the SDK's own environment variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SFN, ...).
 */

const DEFAULT_MAX_ATTEMPTS = 3;

const resets = new Set<() => void>();

/** AWS_MAX_ATTEMPTS (the SDK's own variable) or 3; read when a client is built. */
function maxAttempts(): number {
  const raw = process.env.AWS_MAX_ATTEMPTS;
  if (raw === undefined || raw === "") return DEFAULT_MAX_ATTEMPTS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 20) {
    throw new ConfigError(`AWS_MAX_ATTEMPTS must be an integer from 1 to 20, got "${raw}"`);
  }
  return value;
}

/** Settings every client shares: the SDK's standard retry mode (backoff with jitter, throttling-aware). */
export function clientConfig(): { retryMode: "standard"; maxAttempts: number } {
  return { retryMode: "standard", maxAttempts: maxAttempts() };
}

/** A getter that builds the client on its first call and returns the same one afterwards. */
export function lazyClient<T extends { destroy(): void }>(build: () => T): () => T {
  let client: T | undefined;
  resets.add(() => {
    client?.destroy();
    client = undefined;
  });
  return () => (client ??= build());
}

/** Drops every client so the next call builds fresh ones from the current environment. */
export function resetClients(): void {
  for (const reset of resets) reset();
}
