import { Store } from "@ripcord/core/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { unique } from "../../../../../tests/support/unique.ts";
import * as Schemas from "../../../src/api/schemas.ts";
import { apiFixture, bodyOf, call, problemOf, READ_TOKEN, type ApiFixture } from "./fixture.ts";

const at = (minute: number): string =>
  new Date(Date.parse("2026-11-20T10:00:00.000Z") + minute * 60_000).toISOString();

describe("GET /rollbacks: history, newest first, paginated", () => {
  let fx: ApiFixture;
  /** Ids of the stored runs, oldest first. */
  const checkout: string[] = [];
  const storefront: string[] = [];

  beforeAll(async () => {
    fx = await apiFixture();
    for (let minute = 0; minute < 7; minute++) {
      const service = minute % 3 === 2 ? "storefront" : "checkout";
      const id = unique(`run-${minute}`);
      await Store.putRollback({
        id,
        service,
        source: "alarm",
        status: "rolled-back",
        startedAt: at(minute),
        now: at(minute),
      });
      (service === "checkout" ? checkout : storefront).push(id);
    }
  });

  async function page(query: string) {
    const response = await call(fx.app, "GET", `/rollbacks${query}`, { token: READ_TOKEN });
    expect(response.status).toBe(200);
    return bodyOf(response, Schemas.RollbackPage);
  }

  it("walks every page with the cursor, newest first, and ends without one", async () => {
    // Act
    const seen: string[] = [];
    let query = "?limit=2";
    let pages = 0;
    for (;;) {
      const { items, cursor } = await page(query);
      pages++;
      seen.push(...items.map((item) => item.id));
      if (!cursor) break;
      query = `?limit=2&cursor=${encodeURIComponent(cursor)}`;
    }

    // Assess
    const all = [...checkout, ...storefront].sort(
      (a, b) => Number(/run-(\d+)/.exec(b)?.[1]) - Number(/run-(\d+)/.exec(a)?.[1]),
    );
    expect(seen).toEqual(all);
    expect(pages).toBe(4);
  });

  it("filters by service across pages", async () => {
    // Act
    const first = await page("?service=checkout&limit=3");
    const second = await page(
      `?service=checkout&limit=3&cursor=${encodeURIComponent(first.cursor ?? "")}`,
    );

    // Assess
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(
      [...checkout].reverse().slice(0, 5),
    );
    expect(first.items).toHaveLength(3);
  });

  it("defaults to 20 items", async () => {
    // Act
    const { items, cursor } = await page("");

    // Assess
    expect(items).toHaveLength(7);
    expect(cursor).toBeUndefined();
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=two", "limit"],
    ["cursor=not-a-cursor", "cursor"],
  ])("answers 400 for %s", async (query, says) => {
    // Act
    const response = await call(fx.app, "GET", `/rollbacks?${query}`, { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toContain(says);
  });

  it("answers 404 for a service Ripcord does not watch", async () => {
    // Act
    const response = await call(fx.app, "GET", "/rollbacks?service=billing", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toContain("billing");
  });
});
