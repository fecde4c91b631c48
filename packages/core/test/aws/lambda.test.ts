import { Lambda } from "@ripcord/core/aws";
import * as Provision from "@ripcord/local/provision";
import { NotFoundError } from "@ripcord/core/errors";
import { beforeAll, describe, expect, it } from "vitest";
import { alias, lambdaFunction, type TestFunction } from "../../../../tests/support/aws.ts";
import { failureOf } from "../../../../tests/support/failure.ts";

describe("Lambda adapter against moto", () => {
  let fn: TestFunction;

  beforeAll(async () => {
    fn = await lambdaFunction(3);
  });

  it("lists published versions oldest first, without $LATEST", async () => {
    // Act
    const versions = await Lambda.listVersions(fn.name);

    // Assess
    expect(versions).toEqual(["1", "2", "3"]);
  });

  it("reads a version's state and reports a missing one as NotFoundError", async () => {
    // Act
    const version = await Lambda.getVersion(fn.name, "2");
    const missing = await failureOf(Lambda.getVersion(fn.name, "9"));

    // Assess
    expect(version).toMatchObject({ version: "2", state: "Active" });
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it("reads an alias with its canary weights", async () => {
    // Prepare
    const name = await alias(fn.name, "2", { "3": 0.1 }, "canary");

    // Act
    const state = await Lambda.getAlias(fn.name, name);

    // Assess
    expect(state.version).toBe("2");
    expect(state.weights).toEqual({ "3": 0.1 });
    expect(state.revisionId).toMatch(/.+/);
  });

  it("moves an alias to a version at 100%, clearing its weights", async () => {
    // Prepare
    const name = await alias(fn.name, "3", { "2": 0.25 }, "live");
    const before = await Lambda.getAlias(fn.name, name);

    // Act
    const returned = await Lambda.updateAlias({
      fn: fn.name,
      alias: name,
      version: "1",
      revisionId: before.revisionId,
    });
    const after = await Lambda.getAlias(fn.name, name);

    // Assess
    expect(returned).toMatchObject({ version: "1", weights: {} });
    expect(after).toMatchObject({ version: "1", weights: {} });
  });

  it("provisions an alias that already exists by moving it (moto answers CreateAlias with ConflictException)", async () => {
    const { name } = await lambdaFunction(3);
    await Provision.putAlias(name, "production", "1");

    await Provision.putAlias(name, "production", "3");

    expect(await Lambda.getAlias(name, "production")).toMatchObject({ version: "3", weights: {} });
  });

  it("reports a missing alias as NotFoundError", async () => {
    // Act
    const missing = await failureOf(Lambda.getAlias(fn.name, "nowhere"));

    // Assess
    expect(missing).toBeInstanceOf(NotFoundError);
  });
});
