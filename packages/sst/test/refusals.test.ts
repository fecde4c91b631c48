/**
 * guard()'s refusals under Pulumi's mocks: a function without versioning or without the tags
 * fails the deployment with what to add. Two views of the same failure: the Outputs guard()
 * returns reject with it, and it reaches the process as an unhandled rejection, which is how
 * Pulumi's program runner learns that the program failed (`uncaughtHandler`,
 * `@pulumi/pulumi/cmd/run/run.js`; a RunError is reported by its message alone).
 */
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { platformPulumi } from "./support/platform.ts";

vi.mock("@pulumi/pulumi", () => platformPulumi("pulumi"));
vi.mock("@pulumi/aws", () => platformPulumi("aws"));

import * as pulumi from "@pulumi/pulumi";
import { GuardError, guard, ripcordTags, type Guarded } from "../src/index.ts";
import { APP, FakeCloud, STAGE, settle, sstFunction } from "./support/mocks.ts";

const cloud = new FakeCloud();

/** What reached the runner: guard's refusals only; anything else still goes to vitest. */
const runnerSaw: GuardError[] = [];
let vitestListeners: NodeJS.UnhandledRejectionListener[] = [];

beforeAll(async () => {
  vitestListeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", (reason, promise) => {
    if (reason instanceof GuardError) runnerSaw.push(reason);
    else for (const listener of vitestListeners) listener(reason, promise);
  });
  await cloud.install();
});

afterAll(() => {
  process.removeAllListeners("unhandledRejection");
  for (const listener of vitestListeners) process.on("unhandledRejection", listener);
});

/**
 * The refusal's message: every Output guard() returns rejects with the same GuardError, a Pulumi
 * RunError, which the runner also receives; and no alias was created.
 */
async function refusal(guarded: Guarded, name: string): Promise<string> {
  const errors = await Promise.all(
    [guarded.url, guarded.functionName, guarded.alias].map((output) =>
      settle(output).then(
        (value) => new Error(`resolved to ${String(value)}`),
        (error: unknown) => error,
      ),
    ),
  );
  const [first] = errors;
  if (!(first instanceof GuardError)) throw new Error(`not a refusal: ${String(first)}`);
  expect(pulumi.RunError.isInstance(first)).toBe(true);
  for (const error of errors) expect(error).toBe(first);
  await vi.waitFor(() => expect(runnerSaw).toContain(first));
  expect(cloud.ofType("aws:lambda/alias:Alias").filter((a) => a.name.startsWith(name))).toEqual([]);
  return first.message;
}

test("without versioning: says to add `versioning: true`", async () => {
  const fn = sstFunction("Unversioned", { tags: ripcordTags("billing") });
  const message = await refusal(
    guard(fn, { service: "billing", name: "Unversioned" }),
    "Unversioned",
  );
  expect(message).toBe(
    `Ripcord cannot guard function "${APP}-${STAGE}-Unversioned" as service "billing". ` +
      "In its sst.aws.Function args, add `versioning: true`: it publishes no version for the " +
      'alias to point at (publish is false, version is "$LATEST").',
  );
});

test('without the tags: says to add `tags: ripcordTags("<service>")`', async () => {
  const fn = sstFunction("Untagged", { versioning: true });
  const message = await refusal(guard(fn, { service: "billing", name: "Untagged" }), "Untagged");
  expect(message).toBe(
    `Ripcord cannot guard function "${APP}-${STAGE}-Untagged" as service "billing". ` +
      'In its sst.aws.Function args, add `tags: ripcordTags("billing")` (or spread it into the ' +
      'tags it has): it has no "ripcord:service" tag, and SST sets tags only when it creates ' +
      "the function.",
  );
});

test("tagged for another service, or without the stage tag: the same fix", async () => {
  const other = sstFunction("Other", { versioning: true, tags: ripcordTags("orders") });
  const message = await refusal(guard(other, { service: "billing", name: "Other" }), "Other");
  expect(message).toContain('`tags: ripcordTags("billing")`');
  expect(message).toContain('its "ripcord:service" tag is "orders"');

  const noStage = sstFunction("NoStage", {
    versioning: true,
    tags: { "ripcord:service": "billing" },
  });
  const stageless = await refusal(
    guard(noStage, { service: "billing", name: "NoStage" }),
    "NoStage",
  );
  expect(stageless).toContain('`tags: ripcordTags("billing")`');
  expect(stageless).toContain('it has no "ripcord:stage" tag');
});

test("neither: both fixes in one message", async () => {
  const fn = sstFunction("Bare", {});
  const message = await refusal(guard(fn, { service: "billing", name: "Bare" }), "Bare");
  expect(message).toContain("add `versioning: true`");
  expect(message).toContain('; and add `tags: ripcordTags("billing")`');
});

test("a function that passes is not refused (the check is not always failing)", async () => {
  const fn = sstFunction("Passing", { versioning: true, tags: ripcordTags("billing") });
  const guarded = guard(fn, { service: "billing", name: "Passing" });
  await expect(settle(guarded.alias)).resolves.toBe("production");
});

test("bad names fail at once, before anything is declared", () => {
  const fn = sstFunction("Named", { versioning: true, tags: ripcordTags("api") });
  const declared = cloud.declared.length;
  expect(() => guard(fn, { service: "Api" })).toThrow(/"Api" is not a Ripcord service name/);
  expect(() => guard(fn, { service: "api", alias: "42" })).toThrow(/not a Lambda alias name/);
  expect(() => guard(fn, { service: "api", name: "my guard" })).toThrow(/letters and digits/);
  expect(() => ripcordTags("api", { ripcordStage: "" })).toThrow(/not a valid tag value/);
  expect(() => ripcordTags("API")).toThrow(GuardError);
  expect(cloud.declared.slice(declared).map((r) => r.type)).not.toContain("ripcord:sst:Guard");
});
