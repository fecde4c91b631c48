import { createHmac, timingSafeEqual } from "node:crypto";
import { ConfigError, TransientError } from "../errors/index.ts";

export interface PostOptions {
  timeoutMs?: number;
  /** Epoch seconds put in the signature; the clock by default (receivers check freshness against theirs). */
  timestamp?: number;
}

export interface SignatureCheck {
  secret: string;
  body: string;
  /** The x-ripcord-timestamp header. */
  timestamp: string;
  /** The x-ripcord-signature header ("v1=<hex>"). */
  signature: string;
  /** Epoch seconds to check freshness against; the clock by default. */
  now?: number;
  /** How old (or how far ahead) a timestamp may be; 300 s by default. */
  toleranceSeconds?: number;
}

export const TIMESTAMP_HEADER = "x-ripcord-timestamp";
export const SIGNATURE_HEADER = "x-ripcord-signature";

/** "v1=" + hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers: the signature is Ripcord's for this body, and the timestamp is fresh. */
export function verifySignature(check: SignatureCheck): boolean {
  if (!/^[0-9]{1,12}$/.test(check.timestamp)) return false;
  const timestamp = Number(check.timestamp);
  const now = check.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (check.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(check.secret, timestamp, check.body));
  const given = Buffer.from(check.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Where a failure happened, without the path or query: webhook URLs often carry their secret. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "an invalid URL";
  }
}

/**
 * POSTs a JSON body, signed when a secret is given. Throttling, 5xx, timeouts and network faults
 * are TransientError (try again); any other refusal is ConfigError (the URL or secret is wrong).
 */
export async function post(
  url: string,
  body: string,
  secret?: string,
  options: PostOptions = {},
): Promise<{ status: number }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== undefined) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = sign(secret, timestamp, body);
  }
  const host = hostOf(url);

  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    if (error instanceof TypeError && !URL.canParse(url)) {
      throw new ConfigError(`webhook URL is not valid (${host})`, { cause: error });
    }
    throw new TransientError(`webhook ${host} did not answer`, { cause: error });
  }
  // The receiver's body is not ours to show; drop it without reading.
  await response.body?.cancel();

  if (response.status >= 200 && response.status < 300) return { status: response.status };
  if (response.status === 429 || response.status >= 500) {
    throw new TransientError(`webhook ${host} answered HTTP ${response.status}`);
  }
  throw new ConfigError(
    `webhook ${host} refused the notification (HTTP ${response.status}): check its URL and secret`,
  );
}
