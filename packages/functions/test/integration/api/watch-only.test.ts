import { beforeAll, describe, expect, it } from "vitest";
import * as Schemas from "../../../src/api/schemas.ts";
import {
  apiFixture,
  bodyOf,
  call,
  problemOf,
  READ_TOKEN,
  WRITE_TOKEN,
  type ApiFixture,
} from "./fixture.ts";

/*
 * A watch-only service through the real app: its functions have no alias, so the API reads no
 * alias or ledger for them (the function below does not exist in moto: a GetAlias would be
 * reported as an error in the view), and refuses what would roll them back or record a release.
 */

const SITE = "site-production-Server-9a9a9a";

describe("a watch-only service through the real app", () => {
  let fx: ApiFixture;

  beforeAll(async () => {
    fx = await apiFixture(
      {},
      { site: { signal: "url", watchOnly: true, functions: [{ name: SITE }] } },
    );
  });

  it("is shown on $LATEST, with no alias read and no releases", async () => {
    // Act
    const response = await call(fx.app, "GET", "/services/site", { token: READ_TOKEN });

    // Assess
    expect(response.status).toBe(200);
    const detail = await bodyOf(response, Schemas.ServiceDetail);
    expect(detail.functions).toEqual([{ name: SITE, alias: "$LATEST", releases: [] }]);
  });

  it("refuses a manual rollback, saying why", async () => {
    // Act
    const response = await call(fx.app, "POST", "/rollbacks", {
      token: WRITE_TOKEN,
      body: { service: "site", reason: "the site 500s" },
    });

    // Assess
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain(
      'service "site" is watch-only: its functions serve $LATEST and have no alias to move',
    );
  });

  it("refuses a release of one of its functions", async () => {
    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: SITE, version: "3", gitSha: "a1b2c3d" },
    });

    // Assess
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain(
      `function "${SITE}" belongs to the watch-only service "site"`,
    );
  });
});
