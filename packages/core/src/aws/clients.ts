import type { AwsCredentialIdentityProvider, MiddlewareStack } from "@smithy/types";
import { ConfigError } from "../errors/index.ts";

/*
 * Shared SDK client settings and lazy construction. Each adapter builds its own client on first
 * use, so a handler's bundle holds only the SDK packages it calls and a cold start pays only for
 * the clients it needs. Endpoints come from the SDK's own environment variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SFN, ...).
 */

const DEFAULT_MAX_ATTEMPTS = 3;

const resets = new Set<() => void>();

/**
 * What a process may set for every client it builds. On Lambda nothing is set: the SDK's default
 * credential chain finds the function's role. The sandbox and the tests set credentials per
 * invocation (each handler calls AWS with its own identity) and a plugin that records the calls.
 */
export interface ClientHooks {
  /** Called for the credentials of every request the SDK signs (see `perRequest`). */
  credentials?: AwsCredentialIdentityProvider;
  /** Middleware every client gets, e.g. a recorder of the calls made. */
  plugins?: readonly ClientPlugin[];
}

/** A plugin (the SDK's Pluggable) that fits every client, whatever its input and output types. */
export interface ClientPlugin {
  applyToStack<Input extends object, Output extends object>(
    stack: MiddlewareStack<Input, Output>,
  ): void;
}

let hooks: ClientHooks = {};

/** AWS_MAX_ATTEMPTS (the SDK's own variable) or 3; read when a client is built (and by Lambda's pacing, which retries its calls itself). */
export function maxAttempts(): number {
  const raw = process.env.AWS_MAX_ATTEMPTS;
  if (raw === undefined || raw === "") return DEFAULT_MAX_ATTEMPTS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 20) {
    throw new ConfigError(`AWS_MAX_ATTEMPTS must be an integer from 1 to 20, got "${raw}"`);
  }
  return value;
}

/** Settings every client shares: the SDK's standard retry mode (backoff with jitter, throttling-aware). */
export function clientConfig(): {
  retryMode: "standard";
  maxAttempts: number;
  credentials?: AwsCredentialIdentityProvider;
} {
  return {
    retryMode: "standard",
    maxAttempts: maxAttempts(),
    ...(hooks.credentials && { credentials: hooks.credentials }),
  };
}

/**
 * A credentials provider the SDK asks on every request. The SDK memoizes a provider it is given
 * (resolveAwsSdkSigV4Config in @aws-sdk/core) unless the provider says it is memoized already
 * (`AwsSdkSigV4Memoized.memoized`, public in @aws-sdk/core): this one must not be, since the
 * identity depends on which handler is running when the request is signed.
 */
export function perRequest(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return Object.assign((...args: Parameters<AwsCredentialIdentityProvider>) => provider(...args), {
    memoized: true,
  });
}

/** Sets the hooks of every client built from now on, and drops the clients built before. */
export function configureClients(next: ClientHooks): void {
  hooks = next;
  resetClients();
}

interface HookableClient {
  destroy(): void;
  middlewareStack: { use(pluggable: ClientPlugin): void };
}

/** A getter that builds the client on its first call and returns the same one afterwards. */
export function lazyClient<T extends HookableClient>(build: () => T): () => T {
  let client: T | undefined;
  resets.add(() => {
    client?.destroy();
    client = undefined;
  });
  return () => {
    if (client) return client;
    const built = build();
    for (const plugin of hooks.plugins ?? []) built.middlewareStack.use(plugin);
    client = built;
    return built;
  };
}

/** Drops every client so the next call builds fresh ones from the current environment. */
export function resetClients(): void {
  for (const reset of resets) reset();
}
