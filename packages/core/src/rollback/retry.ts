import { setTimeout as delay } from "node:timers/promises";
import { TransientError } from "../errors/index.ts";

const ATTEMPTS = 3;
const BASE_DELAY_MS = 50;

/**
 * Runs an idempotent write again when it fails transiently (throttling or 5xx that outlasted the
 * SDK's retries), with exponential backoff. For steps that fan out many writes (Record, the failure
 * path): without it one unlucky write out of a dozen fails the whole step, and its Retry redoes all.
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= attempts) throw error;
      await delay(BASE_DELAY_MS * 2 ** (attempt - 1));
    }
  }
}
