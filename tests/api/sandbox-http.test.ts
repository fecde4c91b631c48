import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { run } from "../../packages/local/src/cli/index.ts";
import { startSandbox, type RunningSandbox } from "./sandbox.ts";

/*
 * The API over real HTTP, served by `ripcord local` (@hono/node-server, the same app as the
 * function URL) in front of the real state machine and moto. The tests run in order: each starts
 * from what the one before left (the demo leaves demo-api:production on 2, frozen, 3 known-bad).
 */

const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
});
const Accepted = z.object({ id: z.string(), status: z.literal("running") });
const Rollback = z.looseObject({
  id: z.string(),
  status: z.string(),
  actor: z.string().optional(),
  steps: z.array(
    z.looseObject({
      name: z.string(),
      status: z.string(),
      durationMs: z.number().optional(),
      detail: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});
const Page = z.object({
  items: z.array(z.looseObject({ id: z.string(), startedAt: z.string() })),
  cursor: z.string().optional(),
});
const Service = z.looseObject({
  frozen: z.looseObject({ rollbackId: z.string() }).optional(),
  lock: z.looseObject({ owner: z.string() }).optional(),
  paused: z.looseObject({ scope: z.string(), actor: z.string() }).optional(),
  functions: z.array(
    z.looseObject({
      name: z.string(),
      routing: z.object({ version: z.string() }).optional(),
      releases: z.array(z.looseObject({ version: z.string(), knownBadAt: z.string().optional() })),
    }),
  ),
  alarms: z.array(z.looseObject({ name: z.string(), state: z.string() })),
});

describe("the API over HTTP against the sandbox", () => {
  let sandbox: RunningSandbox;
  let lambda: LambdaClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    lambda = new LambdaClient({
      endpoint: sandbox.awsEndpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
  });
  afterAll(async () => {
    lambda?.destroy();
    await sandbox?.stop();
  });

  /** A request with the sandbox's token; `null` sends none. */
  function api(method: string, path: string, body?: unknown, token: string | null = sandbox.token) {
    return fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        ...(token !== null && { Authorization: `Bearer ${token}` }),
        ...(body !== undefined && { "Content-Type": "application/json" }),
      },
      ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
  }

  async function problem(response: Response) {
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    return Problem.parse(await response.json());
  }

  async function aliasVersion(): Promise<{ version?: string; weights?: Record<string, number> }> {
    const alias = await lambda.send(
      new GetAliasCommand({ FunctionName: "demo-api", Name: "production" }),
    );
    return {
      version: alias.FunctionVersion,
      weights: alias.RoutingConfig?.AdditionalVersionWeights ?? {},
    };
  }

  async function service() {
    return Service.parse(await (await api("GET", "/services/demo")).json());
  }

  it("answers /health without a token and everything else only with one", async () => {
    // Act
    const health = await api("GET", "/health", undefined, null);
    const routes = [
      ["GET", "/openapi.json"],
      ["GET", "/services"],
      ["GET", "/rollbacks"],
      ["POST", "/rollbacks"],
      ["POST", "/pause"],
      ["POST", "/releases"],
      ["GET", "/services/demo/gate"],
    ] as const;
    const anonymous = await Promise.all(
      routes.map(([method, path]) => api(method, path, method === "POST" ? {} : undefined, null)),
    );
    const wrong = await Promise.all(
      routes.map(([method, path]) =>
        api(method, path, method === "POST" ? {} : undefined, `${sandbox.token}-not`),
      ),
    );

    // Assess
    expect(health.status).toBe(200);
    expect([...anonymous, ...wrong].map((response) => response.status)).toEqual(
      Array(routes.length * 2).fill(401),
    );
    expect((await problem(wrong[0]!)).detail).toContain("matches no API token");
  });

  it("shows the demo service after the alarm's rollback: routing, known-bad release, alarm, freeze", async () => {
    // Act
    const shown = await service();
    const gate = await api("GET", "/services/demo/gate");

    // Assess
    const [fn] = shown.functions;
    expect(fn?.routing?.version).toBe("2");
    expect(fn?.releases.find((release) => release.version === "3")?.knownBadAt).toBeDefined();
    expect(shown.alarms.find((alarm) => alarm.name.endsWith("error-rate"))?.state).toBe("ALARM");
    expect(gate.status).toBe(423);
    expect((await problem(gate)).detail).toContain(`rollback ${shown.frozen?.rollbackId}`);
  });

  it("registers a fixed release from CI, which opens the gate", async () => {
    // Act
    const registered = await api("POST", "/releases", {
      function: "demo-api",
      version: "2",
      gitSha: "0123abcd",
    });
    const gate = await api("GET", "/services/demo/gate");

    // Assess
    expect(registered.status).toBe(200);
    expect(await registered.json()).toMatchObject({
      release: { version: "2", gitSha: "0123abcd" },
      unfrozen: true,
    });
    expect(gate.status).toBe(200);
  });

  it("rolls back by hand end to end: the alias ends on the target in moto, and ripcord watch shows it finish", async () => {
    // Act
    const started = await api("POST", "/rollbacks", {
      service: "demo",
      reason: "customers report errors",
      toVersion: "1",
    });
    const { id } = Accepted.parse(await started.json());
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(
      ["watch", id, "--url", sandbox.url, "--token", sandbox.token, "--interval", "0.2"],
      {
        stdout: { write: (text: string) => out.push(text) },
        stderr: { write: (text: string) => err.push(text) },
        env: {},
        fetch,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      },
    );
    const detail = Rollback.parse(
      await (await api("GET", started.headers.get("Location") ?? "")).json(),
    );

    // Assess
    expect(started.status).toBe(202);
    expect(code).toBe(0);
    expect(err.join("")).toBe("");
    const printed = out.join("");
    expect(printed).toContain(`${id}: rolled-back`);
    expect(printed).toMatch(/Shift\s+ok/);
    expect(printed).toContain("demo-api:production version 2 -> 1: shifted");
    expect(await aliasVersion()).toEqual({ version: "1", weights: {} });
    expect(detail).toMatchObject({ id, status: "rolled-back", actor: "api:local" });
    expect(detail.steps.map((step) => step.name)).toEqual(
      expect.arrayContaining(["Resolve", "Lock", "Verify", "Shift", "Confirm"]),
    );
    expect(detail.steps.every((step) => typeof step.durationMs === "number")).toBe(true);
  });

  it("refuses a second rollback while one runs (409), and aborts the running one, releasing the lock", async () => {
    // Prepare
    const first = Accepted.parse(
      await (
        await api("POST", "/rollbacks", { service: "demo", reason: "back to 2", toVersion: "2" })
      ).json(),
    );
    let locked = await service();
    while (locked.lock?.owner !== first.id) {
      const { status } = Rollback.parse(await (await api("GET", `/rollbacks/${first.id}`)).json());
      if (status !== "running")
        throw new Error(`rollback ${first.id} ended (${status}) before its lock was seen`);
      locked = await service();
    }

    // Act
    const second = await api("POST", "/rollbacks", { service: "demo", reason: "again" });
    const aborted = await api("POST", `/rollbacks/${first.id}/abort`, { reason: "enough" });
    const after = Rollback.parse(await (await api("GET", `/rollbacks/${first.id}`)).json());
    const again = await api("POST", `/rollbacks/${first.id}/abort`, {});

    // Assess
    expect(second.status).toBe(409);
    expect((await problem(second)).detail).toContain(`ripcord abort ${first.id}`);
    expect(aborted.status).toBe(200);
    expect(after.status).toBe("aborted");
    expect(after.steps.find((step) => step.name === "Abort")?.detail).toEqual({
      actor: "api:local",
      reason: "enough",
    });
    expect((await service()).lock).toBeUndefined();
    expect(again.status).toBe(409);
  });

  it("pages through the history newest first", async () => {
    // Act
    const first = Page.parse(await (await api("GET", "/rollbacks?service=demo&limit=2")).json());
    const second = Page.parse(
      await (
        await api(
          "GET",
          `/rollbacks?service=demo&limit=2&cursor=${encodeURIComponent(first.cursor ?? "")}`,
        )
      ).json(),
    );

    // Assess
    const all = [...first.items, ...second.items];
    expect(first.items).toHaveLength(2);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    expect(all.map((item) => item.startedAt)).toEqual(
      [...all.map((item) => item.startedAt)].sort().reverse(),
    );
  });

  it("pauses and resumes one service and every service", async () => {
    // Act
    const paused = await api("POST", "/services/demo/pause", { reason: "load test" });
    const whilePaused = await service();
    const resumed = await api("POST", "/services/demo/resume");
    const killSwitch = await api("POST", "/pause", { reason: "incident" });
    const underKillSwitch = await service();
    const killSwitchOff = await api("POST", "/resume");

    // Assess
    expect([paused.status, resumed.status, killSwitch.status, killSwitchOff.status]).toEqual([
      200, 200, 200, 200,
    ]);
    expect(whilePaused.paused).toMatchObject({ scope: "demo", actor: "api:local" });
    expect(underKillSwitch.paused).toMatchObject({ scope: "*" });
    expect((await service()).paused).toBeUndefined();
  });

  it.each([
    ["an unknown service", "POST", "/rollbacks", { service: "billing", reason: "x" }, 404],
    ["$LATEST", "POST", "/rollbacks", { service: "demo", reason: "x", toVersion: "$LATEST" }, 422],
    [
      "a version that does not exist",
      "POST",
      "/rollbacks",
      { service: "demo", reason: "x", toVersion: "99" },
      422,
    ],
    ["malformed JSON", "POST", "/rollbacks", "{", 400],
    ["a missing reason", "POST", "/services/demo/pause", {}, 400],
    [
      "a body over 64 KiB",
      "POST",
      "/releases",
      { function: "demo-api", version: "2", migration: "m".repeat(70_000) },
      413,
    ],
    ["an unknown rollback", "GET", "/rollbacks/manual-none-1-ab", undefined, 404],
  ])("answers %s with a problem document", async (_case, method, path, body, status) => {
    // Act
    const response = await api(method, path, body);

    // Assess
    expect(response.status).toBe(status);
    const { detail } = await problem(response);
    expect(detail.length).toBeGreaterThan(10);
    expect(detail).not.toMatch(/\n\s+at |Exception|arn:aws:iam/);
  });

  it("serves the OpenAPI document generated from the request schemas", async () => {
    // Act
    const response = await api("GET", "/openapi.json");

    // Assess
    expect(response.status).toBe(200);
    const doc = z
      .object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })
      .parse(await response.json());
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/rollbacks/{id}/abort");
  });
});
