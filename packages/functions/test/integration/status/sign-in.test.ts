import { Store } from "@ripcord/core/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/api/app.ts";
import {
  apiFixture,
  NOW,
  problemOf,
  READ_TOKEN,
  TOKENS,
  WRITE_TOKEN,
  type ApiFixture,
} from "../api/fixture.ts";

const ORIGIN = "http://localhost";
const COOKIE_NAME = "__Host-ripcord-session";

function signInRequest(
  token: string,
  options: { origin?: string | null; next?: string } = {},
): RequestInit {
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  return {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(origin !== null && { Origin: origin }),
    },
    body: new URLSearchParams({
      token,
      ...(options.next !== undefined && { next: options.next }),
    }).toString(),
  };
}

/** The `name=value` part of the session's Set-Cookie, to send back as a browser would. */
function cookieOf(response: Response): string {
  const set = response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith(`${COOKIE_NAME}=`));
  if (!set)
    throw new Error(
      `no ${COOKIE_NAME} cookie in ${JSON.stringify(response.headers.getSetCookie())}`,
    );
  return set.split(";")[0] ?? "";
}

const html = { Accept: "text/html,application/xhtml+xml" };

describe("the status page's sign-in and its read-only session", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture();
  });

  it("shows a browser without a session the sign-in form, labelled, that returns to the page it asked for", async () => {
    // Act
    const overview = await fx.app.request("/", { headers: html });
    const rollback = await fx.app.request("/rollbacks/manual-checkout-1-ab", { headers: html });

    // Assess
    expect(overview.status).toBe(401);
    const form = await overview.text();
    expect(form).toContain('<label for="token">API token</label>');
    expect(form).toMatch(/<input id="token" name="token" type="password"/);
    expect(form).toContain('<input type="hidden" name="next" value="/"/>');
    expect(await rollback.text()).toContain('name="next" value="/rollbacks/manual-checkout-1-ab"');
  });

  it("keeps the 401 problem for API clients without credentials", async () => {
    // Act
    const response = await fx.app.request("/rollbacks/manual-checkout-1-ab", {
      headers: { Accept: "application/json" },
    });

    // Assess
    expect(response.status).toBe(401);
    expect((await problemOf(response)).detail).toContain("Authorization: Bearer");
  });

  it("signs in with a token: a Secure, HttpOnly, SameSite=Strict __Host- cookie that does not hold the token, then back to the page", async () => {
    // Act
    const response = await fx.app.request(
      "/sign-in",
      signInRequest(WRITE_TOKEN, { next: "/rollbacks/manual-checkout-1-ab" }),
    );

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/rollbacks/manual-checkout-1-ab");
    const [set] = response.headers.getSetCookie();
    const attributes = (set ?? "").split(";").map((part) => part.trim());
    expect(attributes[0]).toMatch(new RegExp(`^${COOKIE_NAME}=[\\w-]+\\.[\\w-]+$`));
    expect(attributes.slice(1).sort()).toEqual([
      "HttpOnly",
      "Max-Age=43200",
      "Path=/",
      "SameSite=Strict",
      "Secure",
    ]);
    expect(set).not.toContain(WRITE_TOKEN);
  });

  it("lets the cookie read: the overview page and the JSON GET routes", async () => {
    // Prepare
    const cookie = cookieOf(await fx.app.request("/sign-in", signInRequest(READ_TOKEN)));

    // Act
    const overview = await fx.app.request("/", { headers: { ...html, Cookie: cookie } });
    const services = await fx.app.request("/services", { headers: { Cookie: cookie } });

    // Assess
    expect(overview.status).toBe(200);
    const page = await overview.text();
    expect(page).toContain("Signed in as dashboard (read only)");
    expect(page).toContain(`<code>${fx.single.fn.name}:production</code>`);
    expect(services.status).toBe(200);
  });

  it("never lets the cookie write, even one made from a write token", async () => {
    // Prepare
    const cookie = cookieOf(await fx.app.request("/sign-in", signInRequest(WRITE_TOKEN)));
    const json = { Cookie: cookie, "Content-Type": "application/json" };

    // Act
    const pause = await fx.app.request("/services/checkout/pause", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ reason: "from a cookie" }),
    });
    const start = await fx.app.request("/rollbacks", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ service: "checkout", reason: "from a cookie" }),
    });

    // Assess
    expect([pause.status, start.status]).toEqual([401, 401]);
    expect((await Store.getServiceState("checkout")).pause).toBeUndefined();
  });

  it("shows the form again with the error, announced and tied to the field, for a wrong token", async () => {
    // Act
    const response = await fx.app.request("/sign-in", signInRequest(`${READ_TOKEN}-wrong`));

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
    const page = await response.text();
    expect(page).toContain(
      '<p id="sign-in-error" class="error" role="alert">That token matches none of Ripcord&#39;s API tokens. Check it and try again.</p>',
    );
    expect(page).toContain('aria-invalid="true" aria-describedby="token-help sign-in-error"');
  });

  it("refuses a sign-in posted from another origin, or with none", async () => {
    // Act
    const foreign = await fx.app.request(
      "/sign-in",
      signInRequest(READ_TOKEN, { origin: "https://evil.example" }),
    );
    const missing = await fx.app.request("/sign-in", signInRequest(READ_TOKEN, { origin: null }));

    // Assess
    expect([foreign.status, missing.status]).toEqual([403, 403]);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    expect((await problemOf(foreign)).detail).toContain("https://evil.example");
  });

  it("sends a sign-in with a foreign `next` to the overview, not off the site", async () => {
    // Act
    const response = await fx.app.request(
      "/sign-in",
      signInRequest(READ_TOKEN, { next: "https://evil.example/" }),
    );

    // Assess
    expect(response.headers.get("Location")).toBe("/");
  });

  it("ends the session after 12 hours, and when the token list changes", async () => {
    // Prepare
    const cookie = cookieOf(await fx.app.request("/sign-in", signInRequest(READ_TOKEN)));
    const later = createApp({
      ...fx.deps,
      now: () => new Date(NOW.getTime() + 12 * 3600_000 + 1000),
    });
    const rotated = createApp({
      ...fx.deps,
      tokens: () => TOKENS.map((t) => ({ ...t, token: `${t.token}-rotated` })),
    });

    // Act
    const expired = await later.request("/", { headers: { ...html, Cookie: cookie } });
    const afterRotation = await rotated.request("/services", { headers: { Cookie: cookie } });

    // Assess
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain("Your session has ended");
    expect(afterRotation.status).toBe(401);
  });

  it("refuses a cookie whose signature does not match", async () => {
    // Prepare
    const cookie = cookieOf(await fx.app.request("/sign-in", signInRequest(READ_TOKEN)));
    const [payload = ""] = cookie.slice(COOKIE_NAME.length + 1).split(".");
    const forged = `${COOKIE_NAME}=${payload}.${"A".repeat(43)}`;

    // Act
    const response = await fx.app.request("/services", { headers: { Cookie: forged } });

    // Assess
    expect(response.status).toBe(401);
  });

  it("signs out by clearing the cookie", async () => {
    // Act
    const response = await fx.app.request("/sign-out", {
      method: "POST",
      headers: { Origin: ORIGIN },
    });

    // Assess
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/sign-in");
    expect(response.headers.getSetCookie()[0]).toMatch(new RegExp(`^${COOKIE_NAME}=; Max-Age=0;`));
  });

  it("does not serve the page with IAM authorization, signed or not", async () => {
    // Prepare
    const iam = createApp({ ...fx.deps, config: () => ({ ...fx.config, api: { auth: "iam" } }) });
    const event = {
      requestContext: { authorizer: { iam: { userArn: "arn:aws:iam::123456789012:user/ops" } } },
    };

    // Act
    const signed = await iam.request("/", { headers: html }, { event });
    const signInForm = await iam.request("/sign-in", { headers: html }, { event });
    const unsigned = await iam.request("/", { headers: html });
    const signIn = await iam.request("/sign-in", signInRequest(READ_TOKEN));

    // Assess
    expect([signed.status, signInForm.status, unsigned.status, signIn.status]).toEqual([
      404, 404, 401, 401,
    ]);
    expect((await problemOf(signed)).detail).toContain(
      "not served when the API uses IAM authorization",
    );
    expect(unsigned.headers.get("Content-Type")).toBe("application/problem+json");
  });
});
