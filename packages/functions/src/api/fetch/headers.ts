/*
 * The Fetch standard's Headers (https://fetch.spec.whatwg.org/#headers-class) without a guard:
 * names are case-insensitive and validated, values trimmed and validated, iteration is sorted by
 * name with repeated values joined by ", ", and Set-Cookie kept apart (getSetCookie). A test holds
 * every behaviour here against Node's own Headers (test/fetch-classes.test.ts).
 */

/** RFC 9110 token characters: a field name, a method. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** HTTP whitespace trimmed from both ends of a value (Fetch: "normalize"). */
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What a value may not contain once normalized. */
const FORBIDDEN_IN_VALUE = /[\0\r\n]/;

/** What the constructor takes: another Headers (Node's or this one), name-value pairs, or a record. */
export type HeadersInput = Iterable<readonly string[]> | Record<string, string>;

function headerName(name: string): string {
  const text = String(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: "${text}" is not a valid header name`);
  return text.toLowerCase();
}

function headerValue(name: string, value: string): string {
  const text = String(value).replace(EDGE_WHITESPACE, "");
  if (FORBIDDEN_IN_VALUE.test(text))
    throw new TypeError(`Headers: the value of "${name}" contains NUL, CR or LF`);
  return text;
}

export class LightHeaders {
  /** Lower-case name -> its values, in the order they were appended. */
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeadersInput | null) {
    if (init === undefined || init === null) return;
    if (typeof init !== "object") throw new TypeError("Headers: the init must be an object");
    if (Symbol.iterator in init) {
      for (const pair of init) {
        const [name, value] = pair;
        if (pair.length !== 2 || name === undefined || value === undefined)
          throw new TypeError("Headers: every header pair must have a name and a value");
        this.append(name, value);
      }
      return;
    }
    for (const [name, value] of Object.entries(init)) this.append(name, String(value));
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const normalized = headerValue(key, value);
    const list = this.#values.get(key);
    if (list) list.push(normalized);
    else this.#values.set(key, [normalized]);
  }

  set(name: string, value: string): void {
    const key = headerName(name);
    this.#values.set(key, [headerValue(key, value)]);
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name))?.join(", ") ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  delete(name: string): void {
    this.#values.delete(headerName(name));
  }

  getSetCookie(): string[] {
    return [...(this.#values.get("set-cookie") ?? [])];
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name) ?? [];
      if (name === "set-cookie") for (const value of values) yield [name, value];
      else yield [name, values.join(", ")];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  forEach(
    callback: (value: string, name: string, headers: LightHeaders) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  get [Symbol.toStringTag](): string {
    return "Headers";
  }
}
