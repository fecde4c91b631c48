import { LightBody, type BodySource } from "./body.ts";
import { LightHeaders, type HeadersInput } from "./headers.ts";
import { nativeClass } from "./native.ts";

/*
 * The Fetch standard's Response (https://fetch.spec.whatwg.org/#response-class) for the responses
 * Hono builds: a status, headers and a text or byte body. A stream, Blob or FormData body is Node's
 * own Response's to read.
 */

/** Statuses whose response has no body ("null body status"). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface LightResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInput;
}

export class LightResponse extends LightBody<Response> {
  readonly status: number;
  readonly statusText: string;
  readonly headers: LightHeaders;
  readonly type = "default";
  readonly url = "";
  readonly redirected = false;

  constructor(body: BodySource = null, init: LightResponseInit = {}) {
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new RangeError(`Response: the status ${status} is not in the range 200 to 599`);
    if (body !== null && body !== undefined && NULL_BODY_STATUSES.has(status))
      throw new TypeError(`Response: a response with status ${status} cannot have a body`);
    const headers = new LightHeaders(init.headers);
    super(body, headers);
    this.status = status;
    this.statusText = init.statusText ?? "";
    this.headers = headers;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  protected toNative(body: BodySource): Response {
    const NativeResponse = nativeClass("Response");
    return new NativeResponse(body, {
      status: this.status,
      statusText: this.statusText,
      headers: [...this.headers],
    });
  }

  clone(): LightResponse {
    return new LightResponse(this.bodyForCopy(), this);
  }

  static json(data: unknown, init: LightResponseInit = {}): LightResponse {
    const text = JSON.stringify(data);
    if (text === undefined)
      throw new TypeError("Response.json: the value cannot be serialized as JSON");
    const headers = new LightHeaders(init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new LightResponse(text, { ...init, headers });
  }

  static redirect(url: string | URL, status = 302): LightResponse {
    if (!REDIRECT_STATUSES.has(status))
      throw new RangeError(`Response.redirect: ${status} is not a redirect status`);
    return new LightResponse(null, { status, headers: { location: new URL(url).href } });
  }

  static error(): Response {
    return nativeClass("Response").error();
  }

  get [Symbol.toStringTag](): string {
    return "Response";
  }
}
