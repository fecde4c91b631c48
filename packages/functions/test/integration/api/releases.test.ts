import { Store } from "@ripcord/core/aws";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Schemas from "../../../src/api/schemas.ts";
import {
  apiFixture,
  bodyOf,
  call,
  NOW,
  problemOf,
  WRITE_TOKEN,
  type ApiFixture,
} from "./fixture.ts";

const minutesBefore = (minutes: number): string =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe("POST /releases through the real app", () => {
  let fx: ApiFixture;
  let fn: string;

  beforeAll(async () => {
    fx = await apiFixture();
    fn = fx.single.fn.name;
  });
  afterEach(async () => {
    await Store.clearFrozen("checkout");
  });

  it("annotates the release the alias serves, recording it first when the ledger has not seen it", async () => {
    // Prepare
    await Store.saveLedger(
      fn,
      "production",
      [{ version: "2", takenAt: minutesBefore(120), knownGoodAt: minutesBefore(60) }],
      (await Store.loadLedger(fn, "production")).rev,
    );

    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: {
        function: fn,
        version: "3",
        gitSha: "a1b2c3d",
        migration: "0042_add_column",
        reversible: false,
      },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await bodyOf(response, Schemas.ReleaseRegistered)).toEqual({
      function: fn,
      alias: "production",
      release: {
        version: "3",
        takenAt: NOW.toISOString(),
        gitSha: "a1b2c3d",
        migration: "0042_add_column",
        reversible: false,
      },
      unfrozen: false,
    });
    const { releases } = await Store.loadLedger(fn, "production");
    expect(releases.map((release) => [release.version, release.gitSha])).toEqual([
      ["2", undefined],
      ["3", "a1b2c3d"],
    ]);
  });

  it("lifts the freeze when a release other than the rolled-back one is registered", async () => {
    // Prepare
    await Store.setFrozen("checkout", {
      versions: { [fn]: "2" },
      rollbackId: "run-1",
      since: minutesBefore(5),
    });

    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: fn, version: "3" },
    });

    // Assess
    expect((await bodyOf(response, Schemas.ReleaseRegistered)).unfrozen).toBe(true);
    expect((await Store.getServiceState("checkout")).frozen).toBeUndefined();
  });

  it("keeps the freeze when the rolled-back version is registered again", async () => {
    // Prepare
    await Store.setFrozen("checkout", {
      versions: { [fn]: "3" },
      rollbackId: "run-2",
      since: minutesBefore(5),
    });

    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: fn, version: "3", gitSha: "ffffffff" },
    });

    // Assess
    expect((await bodyOf(response, Schemas.ReleaseRegistered)).unfrozen).toBe(false);
    expect((await Store.getServiceState("checkout")).frozen?.rollbackId).toBe("run-2");
  });

  it("answers 409 for a version that has not taken traffic yet", async () => {
    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: fn, version: "1" },
    });

    // Assess
    expect(response.status).toBe(409);
    expect((await problemOf(response)).detail).toContain("has not taken traffic yet");
  });

  it.each([
    ["$LATEST", "$LATEST", "not a published version"],
    ["a version that does not exist", "8", "does not exist"],
  ])("answers 422 for %s", async (_case, version, says) => {
    // Act
    const response = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: fn, version },
    });

    // Assess
    expect(response.status).toBe(422);
    expect((await problemOf(response)).detail).toContain(says);
  });

  it("answers 404 for a function Ripcord does not watch and 400 for a malformed body", async () => {
    // Act
    const unknown = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: "someone-else", version: "1" },
    });
    const malformed = await call(fx.app, "POST", "/releases", {
      token: WRITE_TOKEN,
      body: { function: fn, version: "3", gitSha: "not a sha" },
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).detail).toContain("someone-else");
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).detail).toContain("gitSha");
  });
});
