import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type RunningSandbox } from "../api/sandbox.ts";

/*
 * The status page in a real browser: Debian's Chromium, headless, driven by playwright-core (no
 * browser download), against `ripcord local` after its demo rolled demo-api back from 3 to 2.
 * Chromium runs with everything that phones home turned off: the machine's network refuses it.
 */

const CHROMIUM = "/usr/bin/chromium";
const SCREENSHOT = fileURLToPath(new URL("../../test-output/status-page.png", import.meta.url));
const OVERVIEW_SCREENSHOT = fileURLToPath(
  new URL("../../test-output/status-overview.png", import.meta.url),
);
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it with  sudo apt-get update && sudo apt-get install -y chromium  (.ci/run does this in CI)`,
    );
  }
}

describe("the status page in headless Chromium", () => {
  let sandbox: RunningSandbox;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    assertChromium();
    profile = await mkdtemp(join(tmpdir(), "ripcord-chromium-"));
    [sandbox, browser] = await Promise.all([
      startSandbox(),
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1100, height: 900 },
      }),
    ]);
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("asks for a token, signs in through the form and shows the services and the demo's rollback", async () => {
    // Act
    const first = await page.goto(sandbox.url);
    const askedForToken = await page.getByLabel("API token").isVisible();
    await page.getByLabel("API token").fill(sandbox.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Ripcord status" }).waitFor();
    await mkdir(join(OVERVIEW_SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: OVERVIEW_SCREENSHOT, fullPage: true });

    // Assess
    expect(first?.status()).toBe(401);
    expect(askedForToken).toBe(true);
    const cookies = await browser.cookies(sandbox.url);
    expect(
      cookies.map(({ name, httpOnly, secure, sameSite }) => ({ name, httpOnly, secure, sameSite })),
    ).toEqual([
      { name: "__Host-ripcord-session", httpOnly: true, secure: true, sameSite: "Strict" },
    ]);
    const services = page.getByRole("table", { name: /Watched services/ });
    expect(
      await services.getByRole("row").filter({ hasText: "demo-api:production" }).textContent(),
    ).toContain("version 2");
    expect(await page.getByRole("table", { name: /Recent rollbacks/ }).textContent()).toContain(
      "rolled back",
    );
  });

  it("opens the rollback: its chart has one series per version and marks the release, the alarm, the shift and the recovery", async () => {
    // Act
    await page
      .getByRole("table", { name: /Recent rollbacks/ })
      .getByRole("link")
      .first()
      .click();
    const chart = page.getByRole("img", { name: /demo-api:production around the alarm/ });
    await chart.waitFor();
    const versions = await chart
      .locator("g.series")
      .evaluateAll((groups) => groups.map((g) => g.getAttribute("data-version")));
    const markers = await chart
      .locator("g.marker")
      .evaluateAll((groups) => groups.map((g) => g.getAttribute("data-marker")));
    const labels = await chart.locator("g.marker text").allTextContents();
    const lines = await chart.locator("g.series path.line").count();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Assess
    expect(versions).toEqual(["3", "2"]);
    expect(lines).toBe(4);
    expect(markers).toEqual(["release", "alarm", "shift", "recovery"]);
    expect(labels).toEqual(["release", "alarm", "shift", "recovery"]);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(
      "Rollback of demo",
    );
    expect(await page.locator("ol.timeline").textContent()).toContain(
      "demo-api:production 3 -> 2: shifted",
    );
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it("opens the incident report from the rollback page's link, as text in the browser", async () => {
    // Act
    const [response] = await Promise.all([
      page.waitForResponse(/\/report$/),
      page.getByRole("link", { name: "Incident report (Markdown)" }).click(),
    ]);
    await page.waitForURL(/\/report$/);

    // Assess
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(await page.locator("body").textContent()).toMatch(
      /^# Incident report: demo, rolled back demo-api 3 -> 2, recovered/,
    );
  });
});
