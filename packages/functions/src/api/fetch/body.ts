import type { LightHeaders } from "./headers.ts";

/*
 * The body of a Request or Response read without Node's fetch implementation when it is text or
 * bytes, the only bodies the API and Hono's Lambda adapter make. Any other body (a stream, a Blob,
 * FormData) and any member not written here goes to Node's own class, built on first need.
 */

/** What Node's Request and Response take as a body. */
export type BodySource = ConstructorParameters<typeof Response>[0];

const decoder = new TextDecoder();

/** A body held as text or bytes; `undefined` when it is another kind. */
function heldBody(source: unknown): string | Uint8Array | null | undefined {
  if (source === null || source === undefined) return null;
  if (typeof source === "string") return source;
  if (source instanceof URLSearchParams) return source.toString();
  // The Fetch standard copies a BufferSource when the body is extracted.
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source))
    return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
  return undefined;
}

function defaultContentType(source: unknown): string | undefined {
  if (typeof source === "string") return "text/plain;charset=UTF-8";
  if (source instanceof URLSearchParams) return "application/x-www-form-urlencoded;charset=UTF-8";
  return undefined;
}

function bytesOf(held: string | Uint8Array): Uint8Array {
  return typeof held === "string" ? new TextEncoder().encode(held) : held;
}

export abstract class LightBody<Native extends Request | Response> {
  readonly #source: BodySource;
  readonly #held: string | Uint8Array | null | undefined;
  #used = false;
  #stream: ReadableStream<Uint8Array> | undefined;
  #native: Native | undefined;

  /** `typed`: the body is new here, so its default Content-Type applies (not one taken from another Request). */
  protected constructor(source: BodySource, headers: LightHeaders, typed = true) {
    this.#source = source ?? null;
    this.#held = heldBody(source);
    const type = typed ? defaultContentType(source) : undefined;
    if (type && !headers.has("content-type")) headers.set("content-type", type);
  }

  /** Node's own object with this one's body, for what is not written here. */
  protected abstract toNative(body: BodySource): Native;

  protected native(): Native {
    this.#native ??= this.toNative(this.#held ?? this.#source);
    return this.#native;
  }

  /** The body for a copy of this object (a clone, or a Request made from a Request). */
  protected bodyForCopy(): BodySource {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    if (this.#held === undefined) return this.native().clone().body;
    return typeof this.#held === "string" || this.#held === null ? this.#held : this.#held.slice();
  }

  get body(): ReadableStream<Uint8Array> | null {
    const held = this.#held;
    if (held === undefined) return this.native().body;
    if (held === null) return null;
    this.#stream ??= new ReadableStream<Uint8Array>({
      start(controller) {
        // A copy: whoever reads the stream may write to the chunk.
        controller.enqueue(typeof held === "string" ? bytesOf(held) : held.slice());
        controller.close();
      },
    });
    return this.#stream;
  }

  get bodyUsed(): boolean {
    if (this.#held === undefined) return this.native().bodyUsed;
    return this.#used || (this.#stream?.locked ?? false);
  }

  #take(): string | Uint8Array | null {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    const held = this.#held ?? null;
    if (held !== null) this.#used = true;
    return held;
  }

  async text(): Promise<string> {
    if (this.#held === undefined) return this.native().text();
    const held = this.#take();
    if (held === null) return "";
    return typeof held === "string" ? held : decoder.decode(held);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async bytes(): Promise<Uint8Array> {
    if (this.#held === undefined) return new Uint8Array(await this.native().arrayBuffer());
    const held = this.#take();
    return held === null ? new Uint8Array(0) : bytesOf(held).slice();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.bytes();
    const buffer = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  }

  async blob(): Promise<Blob> {
    // Marks the body used (or refuses a used one) as Node's would, before Node's reads its copy.
    if (this.#held !== undefined) this.#take();
    return this.native().blob();
  }

  async formData(): Promise<FormData> {
    if (this.#held !== undefined) this.#take();
    return this.native().formData();
  }
}
