import { describe, expect, it } from "vitest";
import { LightHeaders } from "../src/api/fetch/headers.ts";
import { LightRequest } from "../src/api/fetch/request.ts";
import { LightResponse } from "../src/api/fetch/response.ts";

/*
 * The API's Lambda replaces Node's Headers, Request and Response with the classes of
 * src/api/fetch. Each case below runs against Node's own classes (undici, the Fetch standard's
 * implementation Node ships) and against the replacements, and the two must observe the same:
 * values, or the kind of error thrown. Error messages are each implementation's own.
 */

interface Classes {
  Headers: new (init?: never) => Headers | LightHeaders;
  Request: new (input: string, init?: never) => Request | LightRequest;
  Response: new (body?: never, init?: never) => Response | LightResponse;
  json: (data: unknown, init?: never) => Response | LightResponse;
  redirect: (url: string, status?: number) => Response | LightResponse;
}

const NATIVE: Classes = {
  Headers,
  Request,
  Response,
  json: (data, init) => Response.json(data, init),
  redirect: (url, status) => Response.redirect(url, status as never),
};
const LIGHT: Classes = {
  Headers: LightHeaders,
  Request: LightRequest,
  Response: LightResponse,
  json: (data, init) => LightResponse.json(data, init),
  redirect: (url, status) => LightResponse.redirect(url, status),
};

/** What a case observed: its value, or the class of the error it threw. */
async function observe(run: (classes: Classes) => unknown, classes: Classes): Promise<unknown> {
  try {
    return { value: await run(classes) };
  } catch (error) {
    return { threw: error instanceof Error ? error.constructor.name : typeof error };
  }
}

/* Casts: each case passes the same untyped arguments to both implementations, as Hono does. */
const H = (c: Classes, init?: unknown) => new c.Headers(init as never);
const Req = (c: Classes, url: string, init?: unknown) => new c.Request(url, init as never);
const Res = (c: Classes, body?: unknown, init?: unknown) =>
  new c.Response(body as never, init as never);
const entries = (headers: Headers | LightHeaders) => [...headers];

const CASES: Record<string, (c: Classes) => unknown> = {
  "headers: names are case-insensitive": (c) => H(c, { "Content-Type": "a" }).get("content-type"),
  "headers: append joins values with a comma": (c) => {
    const h = H(c);
    h.append("Accept", "a");
    h.append("accept", "b");
    return [h.get("ACCEPT"), entries(h)];
  },
  "headers: set replaces, delete removes, has tells": (c) => {
    const h = H(c, [
      ["x-a", "1"],
      ["x-a", "2"],
    ]);
    h.set("X-A", "3");
    const afterSet = h.get("x-a");
    h.delete("x-a");
    return [afterSet, h.has("x-a"), h.get("x-a")];
  },
  "headers: iteration is sorted by name": (c) => entries(H(c, { zeta: "1", Alpha: "2", mid: "3" })),
  "headers: set-cookie values stay apart": (c) => {
    const h = H(c);
    h.append("Set-Cookie", "a=1; Path=/");
    h.append("Set-Cookie", "b=2");
    h.append("x", "y");
    const seen: string[] = [];
    h.forEach((value, name) => seen.push(`${name}=${value}`));
    return [entries(h), h.getSetCookie(), h.get("set-cookie"), seen];
  },
  "headers: values are trimmed": (c) => H(c, { a: " \t spaced \r\n" }).get("a"),
  "headers: an invalid name is refused": (c) => H(c, { "bad name": "x" }),
  "headers: a value with a line break is refused": (c) => H(c, { a: "x\ny" }),
  "headers: a pair of three is refused": (c) => H(c, [["a", "b", "c"]]),
  "headers: copied from other headers": (c) => {
    const h = H(c, { b: "2", a: "1" });
    h.append("set-cookie", "s=1");
    return entries(H(c, h));
  },
  "request: the URL is normalized": (c) => Req(c, "https://Example.COM:443/a/../b?x=1#frag").url,
  "request: an invalid URL is refused": (c) => Req(c, "/relative"),
  "request: a URL with credentials is refused": (c) => Req(c, "https://user:pw@example.com/"),
  "request: standard methods are upper-cased, others kept": (c) => [
    Req(c, "https://e.com/", { method: "post", body: "" }).method,
    Req(c, "https://e.com/", { method: "mkcol" }).method,
  ],
  "request: a forbidden method is refused": (c) => Req(c, "https://e.com/", { method: "CONNECT" }),
  "request: a GET with a body is refused": (c) => Req(c, "https://e.com/", { body: "x" }),
  "request: GET has no body": (c) => {
    const r = Req(c, "https://e.com/");
    return [r.body, r.bodyUsed];
  },
  "request: a text body gets text/plain": async (c) => {
    const r = Req(c, "https://e.com/", { method: "POST", body: '{"a":1}' });
    return [r.headers.get("content-type"), r.body !== null, await r.json(), r.bodyUsed];
  },
  "request: a byte body keeps its type and reads as text": async (c) => {
    const r = Req(c, "https://e.com/", {
      method: "POST",
      body: new TextEncoder().encode("héllo"),
      headers: { "content-type": "application/json" },
    });
    return [r.headers.get("content-type"), await r.text()];
  },
  "request: a body is read once": async (c) => {
    const r = Req(c, "https://e.com/", { method: "PUT", body: "x" });
    await r.text();
    return r.text();
  },
  "request: made from a request, with new headers": async (c) => {
    const first = Req(c, "https://e.com/p", { method: "DELETE", body: "gone" });
    const second = new c.Request(first as never, { headers: { a: "b" } } as never);
    return [second.url, second.method, entries(second.headers), await second.text()];
  },
  "request: a clone reads the same body": async (c) => {
    const r = Req(c, "https://e.com/", { method: "POST", body: "twice" });
    const copy = r.clone();
    return [await copy.text(), await r.text()];
  },
  "request: arrayBuffer gives the bytes": async (c) => {
    const r = Req(c, "https://e.com/", { method: "POST", body: "abc" });
    return [...new Uint8Array(await r.arrayBuffer())];
  },
  "response: defaults": async (c) => {
    const r = Res(c);
    return [r.status, r.ok, r.statusText, r.body, await r.text(), r.bodyUsed, entries(r.headers)];
  },
  "response: a status outside 200-599 is refused": (c) => Res(c, null, { status: 600 }),
  "response: a status of 0 is refused": (c) => Res(c, null, { status: 0 }),
  "response: 204 with a body is refused": (c) => Res(c, "x", { status: 204 }),
  "response: 304 without a body": (c) => [Res(c, null, { status: 304 }).ok],
  "response: a text body gets text/plain": async (c) => {
    const r = Res(c, "hi", { status: 404, statusText: "Nope" });
    return [r.status, r.ok, r.statusText, r.headers.get("content-type"), await r.text()];
  },
  "response: an explicit type is kept": async (c) => {
    const r = Res(c, "{}", { headers: { "Content-Type": "application/problem+json" } });
    return [entries(r.headers), await r.json()];
  },
  "response: a byte body has no type": async (c) => {
    const r = Res(c, new Uint8Array([104, 105]));
    return [r.headers.get("content-type"), await r.text()];
  },
  "response: an ArrayBuffer body": async (c) => [
    ...new Uint8Array(await Res(c, new Uint8Array([1, 2, 3]).buffer).arrayBuffer()),
  ],
  "response: invalid JSON rejects": (c) => Res(c, "{").json(),
  "response: made from another response's status and headers": async (c) => {
    const first = Res(c, "a", { status: 201, statusText: "Made", headers: { "x-a": "1" } });
    const second = Res(c, null, first);
    return [second.status, second.statusText, entries(second.headers), await second.text()];
  },
  "response: a clone reads the same body": async (c) => {
    const r = Res(c, "both");
    const copy = r.clone();
    return [await copy.text(), await r.text()];
  },
  "response: a used body cannot be cloned": async (c) => {
    const r = Res(c, "once");
    await r.text();
    return r.clone();
  },
  "response: a read body is not read again as a blob": async (c) => {
    const r = Res(c, "once");
    await r.text();
    return r.blob();
  },
  "response: a form body": async (c) => {
    const r = Res(c, new URLSearchParams({ a: "1", b: "two words" }));
    const form = await r.formData();
    return [r.headers.get("content-type"), [...form.entries()], r.bodyUsed];
  },
  "response: json()": async (c) => {
    const r = c.json({ a: [1, "b"] }, { status: 202 } as never);
    return [r.status, entries(r.headers), await r.text()];
  },
  "response: json() of undefined is refused": (c) => c.json(undefined),
  "response: redirect()": (c) => {
    const r = c.redirect("https://e.com/a b", 307);
    return [r.status, entries(r.headers)];
  },
  "response: redirect() with a non-redirect status is refused": (c) =>
    c.redirect("https://e.com/", 200),
  "response: a stream body is read through Node's class": async (c) => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("streamed"));
        controller.close();
      },
    });
    const r = Res(c, stream);
    return [r.body !== null, await r.text(), r.bodyUsed];
  },
  "response: the body stream of a text body": async (c) => {
    const r = Res(c, "piece");
    const chunks: number[] = [];
    const reader = r.body?.getReader();
    for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
      chunks.push(...read.value);
    return [new TextDecoder().decode(new Uint8Array(chunks)), r.bodyUsed];
  },
};

describe("the API's fetch classes observe what Node's own do", () => {
  it.each(Object.entries(CASES))("%s", async (_name, run) => {
    const native = await observe(run, NATIVE);
    expect(await observe(run, LIGHT)).toEqual(native);
  });

  it("the cases cover both outcomes", async () => {
    const outcomes = await Promise.all(Object.values(CASES).map((run) => observe(run, NATIVE)));
    expect(
      outcomes.filter((o) => o && typeof o === "object" && "threw" in o).length,
    ).toBeGreaterThan(10);
  });

  it("the string tags are the standard's", () => {
    const tag = (value: object) => Object.prototype.toString.call(value);
    expect(tag(new LightHeaders())).toBe(tag(new Headers()));
    expect(tag(new LightRequest("https://e.com/"))).toBe(tag(new Request("https://e.com/")));
    expect(tag(new LightResponse())).toBe(tag(new Response()));
  });
});
