import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSX } from "hono/jsx/jsx-runtime";
import { CONTENT_SECURITY_POLICY } from "./components/layout.tsx";

/**
 * Headers of every page: no script may run, nothing may frame it or cache it, no other site learns its
 * URLs. (Not no-referrer: Chromium then sends "Origin: null" with the sign-in form, which the
 * same-origin check must refuse.)
 */
const PAGE_HEADERS = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
};

/** A whole HTML document from a page component. */
export async function page(
  c: Context,
  element: JSX.Element,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const document = await html`<!doctype html>${element}`;
  return c.html(document, status, PAGE_HEADERS);
}
