import { beforeAll, describe, expect, it } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { apiFor, call, problemOf, WRITE_TOKEN } from "./support/api.ts";
import { useReliabilityHarness } from "./support/harness.ts";

/*
 * Bad input to the API: each request gets a problem+json answer that says what is wrong, and
 * nothing changes: no execution started, no history written, the alias and the ledger as they were.
 * (Auth, 415 and the 64 KiB limit have their own tests in packages/functions/test/api; the version
 * strings and the rest of the matrix are here.)
 */

/** Version strings that are not a published version: 422 when they fit the field, 400 when they do not. */
const BAD_VERSIONS: Array<[string, unknown, 400 | 422]> = [
  ["$LATEST", "$LATEST", 422],
  ["a path", "../1", 422],
  ["a negative number", "-1", 422],
  ["a leading space", " 7", 422],
  ["a trailing space", "7 ", 422],
  ["a decimal", "7.0", 422],
  ["an exponent", "1e1", 422],
  ["zero", "0", 422],
  ["a padded number", "007", 422],
  ["full-width digits", "７", 422],
  ["Arabic-Indic digits", "٣", 422],
  ["a NUL byte", "2\u0000", 422],
  ["an emoji", "2️⃣", 422],
  ["a version that does not exist", "99", 422],
  ["the version the alias serves", "3", 422],
  ["an empty string", "", 400],
  ["a very long string", "1".repeat(5_000), 400],
  ["a number", 2, 400],
  ["null", null, 400],
  ["a list", ["2"], 400],
];

describe("bad input to the API gets a clear error and changes nothing", () => {
  const { fixture } = useReliabilityHarness({
    service: { scope: "suite", options: { cloudfront: false } },
  });
  let app: ReturnType<typeof apiFor>;
  const started: string[] = [];
  let fn: string;

  beforeAll(() => {
    fn = fixture.functions[0]!;
    app = apiFor(fixture, {
      stateMachineArn: () => "arn:aws:states:us-east-1:123456789012:stateMachine:ripcord-rel",
      startExecution: async (_arn, name) => {
        started.push(name);
        throw new Error("no execution may start from a rejected request");
      },
    });
  });

  /** The answer is a problem document with that status and a detail for people; no state moved. */
  async function expectRejected(response: Response, status: number, detail?: RegExp) {
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    expect(problem.status).toBe(status);
    expect(problem.detail.length).toBeGreaterThan(10);
    if (detail) expect(problem.detail).toMatch(detail);
    expect(started).toEqual([]);
    expect((await Store.listRollbacks({ service: fixture.service, limit: 5 })).items).toEqual([]);
    expect(await Lambda.getAlias(fn, "production")).toMatchObject({ version: "3", weights: {} });
  }

  describe("POST /rollbacks with a version that is not one", () => {
    for (const [what, version, status] of BAD_VERSIONS) {
      it(`toVersion: ${what} -> ${status}`, async () => {
        const response = await call(app, "POST", "/rollbacks", {
          token: WRITE_TOKEN,
          body: { service: fixture.service, reason: "bad input", toVersion: version },
        });

        await expectRejected(response, status, status === 422 ? /version/ : undefined);
      });

      it(`to: { fn: ${what} } -> ${status}`, async () => {
        const response = await call(app, "POST", "/rollbacks", {
          token: WRITE_TOKEN,
          body: { service: fixture.service, reason: "bad input", to: { [fn]: version } },
        });

        await expectRejected(response, status);
      });
    }
  });

  describe("POST /releases with a version that is not one", () => {
    for (const [what, version, status] of BAD_VERSIONS.filter(
      ([what]) => what !== "the version the alias serves",
    )) {
      it(`${what} -> ${status}`, async () => {
        const before = await Store.loadLedger(fn, "production");

        const response = await call(app, "POST", "/releases", {
          token: WRITE_TOKEN,
          body: { function: fn, version, reversible: false },
        });

        await expectRejected(response, status);
        expect(await Store.loadLedger(fn, "production")).toEqual(before);
      });
    }
  });

  const malformed: Array<[string, string, string, unknown, number, RegExp?]> = [
    ["a body that is not JSON", "POST", "/rollbacks", '{"service": "x", "reason": ', 400],
    ["a JSON array", "POST", "/rollbacks", "[]", 400],
    ["a reason that is a number", "POST", "/rollbacks", { service: "SERVICE", reason: 42 }, 400],
    ["a blank reason", "POST", "/rollbacks", { service: "SERVICE", reason: "   " }, 400],
    ["a service that is a list", "POST", "/rollbacks", { service: ["SERVICE"], reason: "x" }, 400],
    [
      "an unknown field",
      "POST",
      "/rollbacks",
      { service: "SERVICE", reason: "x", force: true },
      400,
    ],
    [
      "dryRun as a string",
      "POST",
      "/rollbacks",
      { service: "SERVICE", reason: "x", dryRun: "yes" },
      400,
    ],
    [
      "toVersion and to together",
      "POST",
      "/rollbacks",
      { service: "SERVICE", reason: "x", toVersion: "2", to: { FN: "2" } },
      400,
    ],
    [
      "an unknown service",
      "POST",
      "/rollbacks",
      { service: "ghost", reason: "x" },
      404,
      /not watched/,
    ],
    [
      "a function outside the service",
      "POST",
      "/rollbacks",
      { service: "SERVICE", reason: "x", to: { "other-fn": "2" } },
      404,
      /not part of service/,
    ],
    [
      "a reason of a megabyte",
      "POST",
      "/rollbacks",
      { service: "SERVICE", reason: "x".repeat(1_000_000) },
      413,
    ],
    [
      "a pause that ends in words",
      "POST",
      "/services/SERVICE/pause",
      { reason: "x", until: "tomorrow" },
      400,
    ],
    ["a pause of an unknown service", "POST", "/services/ghost/pause", { reason: "x" }, 404],
    ["a service name in unicode", "GET", "/services/%E2%98%83", undefined, 400],
    ["a service name with a path in it", "GET", "/services/..%2Fetc", undefined, 400],
    [
      "a service name of 200 characters",
      "GET",
      `/services/${"a".repeat(200)}/gate`,
      undefined,
      400,
    ],
    ["a rollback id with a path in it", "GET", "/rollbacks/..%2F..%2Fsecrets", undefined, 400],
    [
      "an unknown function's release",
      "POST",
      "/releases",
      { function: "ghost-fn", version: "2" },
      404,
    ],
    [
      "a git sha that is not hex",
      "POST",
      "/releases",
      { function: "FN", version: "3", gitSha: "not-a-sha" },
      400,
    ],
  ];

  describe("malformed requests, wrong types, oversized bodies, unknown services", () => {
    for (const [what, method, path, body, status, detail] of malformed) {
      it(`${what} -> ${status}`, async () => {
        const real = (text: string) =>
          text.replaceAll("SERVICE", fixture.service).replaceAll("FN", fn);
        const payload =
          typeof body === "string"
            ? body
            : body === undefined
              ? undefined
              : JSON.parse(real(JSON.stringify(body)));

        const response = await call(app, method, real(path), { token: WRITE_TOKEN, body: payload });

        await expectRejected(response, status, detail);
        expect((await Store.getServiceState(fixture.service)).pause).toBeUndefined();
      });
    }
  });
});
