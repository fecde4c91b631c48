import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as Schemas from "../../../src/api/schemas.ts";
import { bodyOf, READ_TOKEN } from "../api/fixture.ts";
import { ID, RELEASED_AT, SHIFTED_AT, storedIncident, TRAFFIC } from "./incident-fixture.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
}

/** Requests and errors of version 7 in the periods from its release to the shift, summed from the published traffic. */
function faultyTraffic(): { requests: number; errors: number } {
  const periods = TRAFFIC.filter((m) => m.start >= RELEASED_AT && m.start < SHIFTED_AT).flatMap(
    (m) => (m.byVersion["7"] ? [m.byVersion["7"]] : []),
  );
  return {
    requests: periods.reduce((n, p) => n + p.invocations, 0),
    errors: periods.reduce((n, p) => n + p.errors, 0),
  };
}

const count = (n: number): string => n.toLocaleString("en-US");

describe("a stored rollback as a report and as a page", () => {
  let fx: Awaited<ReturnType<typeof storedIncident>>;

  beforeAll(async () => {
    fx = await storedIncident();
  });

  function get(path: string, accept?: string) {
    return fx.app.request(path, {
      headers: { Authorization: `Bearer ${READ_TOKEN}`, ...(accept && { Accept: accept }) },
    });
  }

  it("GET /rollbacks/:id/report renders the frozen Markdown report", async () => {
    // Act
    const response = await get(`/rollbacks/${ID}/report`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(await response.text()).toBe(fixture("report-rolled-back.md"));
  });

  it("counts the impact from the metrics: the faulty version's requests and errors from its release to the shift", async () => {
    // Prepare
    const { requests, errors } = faultyTraffic();

    // Act
    const report = await (await get(`/rollbacks/${ID}/report`)).text();

    // Assess
    const row = report.split("\n").find((line) => line.startsWith("| cart-api:production | 7 |"));
    expect(row).toContain(
      `| ${count(requests)} | ${count(errors)} | ${((errors / requests) * 100).toFixed(2)}% |`,
    );
    expect(report).toMatch(/^- \[ \] \*\*Root cause\*\*/m);
    expect(report).toMatch(/^- \[ \] \*\*Fix\*\*/m);
    expect(report).toMatch(/^- \[ \] \*\*Re-release\*\*/m);
  });

  it("answers 404 for a rollback that does not exist", async () => {
    // Act
    const response = await get("/rollbacks/no-such-rollback/report");

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("shows a browser the rollback's page: timeline, a chart with one series per version, the four markers", async () => {
    // Act
    const response = await get(`/rollbacks/${ID}`, "text/html,application/xhtml+xml");
    const page = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect([...page.matchAll(/<g class="series" data-version="(\d+)">/g)].map((m) => m[1])).toEqual(
      ["7", "6"],
    );
    expect([...page.matchAll(/<g class="marker" data-marker="(\w+)">/g)].map((m) => m[1])).toEqual([
      "release",
      "alarm",
      "shift",
      "recovery",
    ]);
    expect(page).toContain('<desc id="chart-0-desc">');
    expect(page).toContain("cart-api:production 7 -&gt; 6: shifted");
    expect(page).not.toContain("<script");
  });

  it("keeps the JSON behind the same URL for every client that does not ask for HTML", async () => {
    // Act
    const response = await get(`/rollbacks/${ID}`, "application/json");

    // Assess
    expect(response.status).toBe(200);
    expect((await bodyOf(response, Schemas.RollbackDetail)).shifts?.[0]?.at).toBe(SHIFTED_AT);
  });
});
