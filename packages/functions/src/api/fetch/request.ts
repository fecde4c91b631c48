import { LightBody, type BodySource } from "./body.ts";
import { LightHeaders, TOKEN, type HeadersInput } from "./headers.ts";
import { nativeClass } from "./native.ts";

/*
 * The Fetch standard's Request (https://fetch.spec.whatwg.org/#request-class) for what Hono's
 * Lambda adapter and router use: url, method, headers and a text or byte body. Everything else
 * (signal, cache, mode, ...) is Node's own Request's, built on first need.
 */

/** The methods the standard upper-cases; any other is kept as written. */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

export interface LightRequestInit {
  method?: string;
  headers?: HeadersInput;
  body?: BodySource;
  [option: string]: unknown;
}

function requestMethod(method: string): string {
  if (!TOKEN.test(method)) throw new TypeError(`Request: "${method}" is not a valid HTTP method`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper))
    throw new TypeError(`Request: the ${upper} method is forbidden`);
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export class LightRequest extends LightBody<Request> {
  readonly url: string;
  readonly method: string;
  readonly headers: LightHeaders;
  readonly #options: Record<string, unknown>;

  constructor(input: string | URL | LightRequest, init: LightRequestInit = {}) {
    const from = input instanceof LightRequest ? input : undefined;
    const url = new URL(from ? from.url : input instanceof URL ? input.href : input);
    if (url.username || url.password)
      throw new TypeError(`Request: the URL ${url.origin} must not include credentials`);
    const method = requestMethod(init.method ?? from?.method ?? "GET");
    const headers = new LightHeaders(init.headers ?? from?.headers);
    const body = init.body !== undefined ? init.body : (from?.bodyForCopy() ?? null);
    if (body !== null && (method === "GET" || method === "HEAD"))
      throw new TypeError(`Request: a ${method} request cannot have a body`);
    super(body, headers, init.body !== undefined);
    this.url = url.href;
    this.method = method;
    this.headers = headers;
    const { method: _method, headers: _headers, body: _body, ...options } = init;
    this.#options = options;
  }

  protected toNative(body: BodySource): Request {
    const NativeRequest = nativeClass("Request");
    return new NativeRequest(this.url, {
      ...this.#options,
      method: this.method,
      headers: [...this.headers],
      body,
      duplex: "half",
    });
  }

  get signal(): AbortSignal {
    return this.native().signal;
  }

  clone(): LightRequest {
    return new LightRequest(this.url, {
      ...this.#options,
      method: this.method,
      headers: this.headers,
      body: this.bodyForCopy(),
    });
  }

  get [Symbol.toStringTag](): string {
    return "Request";
  }
}
