import { createHash } from "node:crypto";
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { STATUS_PATHS } from "../paths.ts";

/*
 * Colours meet WCAG AA against their backgrounds (text 4.5:1, lines 3:1). No script anywhere: the
 * page works, and is complete, without JavaScript.
 */
const CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #4d4d4d; --line: #d0d0d0; --link: #0b57d0; --bad: #a4161a; --good: #1e6b3a; --warn: #7a4b00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafafa; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header.top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .75rem 1.5rem; background: #1f2937; color: #fff; }
header.top a { color: #fff; font-weight: 700; text-decoration: none; }
header.top form { margin: 0; display: flex; align-items: center; gap: .75rem; }
header.top button { background: transparent; color: #fff; border: 1px solid #cbd5e1; border-radius: 4px; padding: .25rem .75rem; font: inherit; cursor: pointer; }
main { max-width: 980px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
caption { text-align: left; font-weight: 600; padding: .5rem 0; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9em; overflow-wrap: anywhere; }
td code, th code { overflow-wrap: normal; white-space: nowrap; }
.status { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: .875rem; font-weight: 600; border: 1px solid currentColor; }
.status.bad { color: var(--bad); } .status.good { color: var(--good); } .status.warn { color: var(--warn); } .status.neutral { color: var(--muted); }
.muted { color: var(--muted); }
.error { color: var(--bad); font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
ol.timeline { list-style: none; padding: 0; margin: 0; }
ol.timeline li { display: grid; grid-template-columns: minmax(6.5rem, max-content) 1fr; gap: 1rem; padding: .3rem 0; border-bottom: 1px solid #eee; }
ol.timeline time { font-variant-numeric: tabular-nums; color: var(--muted); }
figure { margin: 0; }
figure svg.chart { width: 100%; height: auto; display: block; }
figcaption { margin-top: .5rem; color: var(--muted); }
details { margin-top: .75rem; }
.table-scroll { overflow-x: auto; }
form.sign-in { display: grid; gap: .5rem; max-width: 28rem; }
form.sign-in input { font: inherit; padding: .5rem; border: 1px solid #6b6b6b; border-radius: 4px; }
form.sign-in input[aria-invalid="true"] { border-color: var(--bad); }
form.sign-in button { justify-self: start; font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: 4px; background: #0b57d0; color: #fff; cursor: pointer; }
`;

/** The one inline style, allowed by its hash: the Content-Security-Policy needs no 'unsafe-inline'. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(CSS).digest("base64")}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function Layout(props: { title: string; actor?: string | undefined; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Ripcord`}</title>
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to the content
        </a>
        <header class="top">
          <a href={STATUS_PATHS.overview}>Ripcord status</a>
          {props.actor && (
            <form method="post" action={STATUS_PATHS.signOut}>
              <span>{`Signed in as ${props.actor.replace(/^api:/, "")} (read only)`}</span>
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}
