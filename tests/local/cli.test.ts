import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import { resetMoto, scenarios } from "./sandbox-support.ts";

/*
 * `npx ripcord local` as a user runs it, as a child process, and the result checked with another
 * client entirely: the AWS CLI reading the alias from the same endpoint.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A whole `ripcord local` run (deploy, replay, state machine) takes ~15 s on an idle machine; the
 * suite runs beside others on 2 cores, where it has been seen to take over 60 s. Generous bounds
 * keep a slow machine from failing a test (one test runs the CLI twice); a hang still fails it.
 */
const RUN_TIMEOUT_MS = 150_000;
const RUNS_TWICE = { timeout: 2 * RUN_TIMEOUT_MS + 30_000 };

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npx --no`: the local bin only, never a download. */
const ripcord = (args: string[], env?: NodeJS.ProcessEnv) =>
  run("npx", ["--no", "ripcord", ...args], env);

const awsEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_DEFAULT_REGION: "us-east-1",
};

const Summary = z.looseObject({
  scenario: z.string(),
  outcome: z.string(),
  matched: z.boolean(),
  alias: z.looseObject({
    after: z.object({ version: z.string(), weights: z.record(z.string(), z.number()) }),
  }),
  timings: z.looseObject({ alarmToRestoredMs: z.number().optional() }),
});

/** `aws lambda get-alias` output, as much as the test reads. */
const AwsCliAlias = z.looseObject({
  FunctionVersion: z.string(),
  RoutingConfig: z
    .looseObject({ AdditionalVersionWeights: z.record(z.string(), z.number()).optional() })
    .optional(),
});

const scenario = scenarios().find((s) => s.file === "error-spike-after-deploy.json");
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMoto();
});

afterAll(async () => {
  await moto.stop();
});

describe("npx ripcord local", RUNS_TWICE, () => {
  it("replays a scenario into a given endpoint, prints one JSON summary, and leaves the alias where the AWS CLI sees it", async () => {
    // Prepare
    if (!scenario) throw new Error("the shared scenario error-spike-after-deploy.json is missing");
    await resetMoto(moto.endpoint);

    // Act
    const ran = await ripcord([
      "local",
      "--scenario",
      scenario.path,
      "--once",
      "--json",
      "--endpoint",
      moto.endpoint,
    ]);
    const cli = await run(
      "aws",
      [
        "--endpoint-url",
        moto.endpoint,
        "lambda",
        "get-alias",
        "--function-name",
        scenario.function,
        "--name",
        scenario.alias,
        "--output",
        "json",
      ],
      awsEnv,
    );

    // Assess
    expect(ran.code).toBe(0);
    const summary = Summary.parse(JSON.parse(ran.stdout));
    expect(summary).toMatchObject({
      scenario: "error-spike-after-deploy",
      outcome: "rolled-back",
      matched: true,
    });
    expect(summary.alias.after).toEqual({ version: scenario.expectVersion, weights: {} });
    expect(ran.stderr).toMatch(/alarm fired/);
    expect(cli.code).toBe(0);
    const alias = AwsCliAlias.parse(JSON.parse(cli.stdout));
    expect(alias.FunctionVersion).toBe(scenario.expectVersion);
    expect(alias.RoutingConfig?.AdditionalVersionWeights ?? {}).toEqual({});
  });

  it("refuses an endpoint that already holds the scenario's function, with exit code 3 and nothing on stdout", async () => {
    // Prepare
    if (!scenario) throw new Error("the shared scenario error-spike-after-deploy.json is missing");
    await resetMoto(moto.endpoint);
    const first = await ripcord([
      "local",
      "--scenario",
      scenario.path,
      "--once",
      "--json",
      "--endpoint",
      moto.endpoint,
    ]);

    // Act
    const again = await ripcord([
      "local",
      "--scenario",
      scenario.path,
      "--once",
      "--json",
      "--endpoint",
      moto.endpoint,
    ]);

    // Assess
    expect(first.code).toBe(0);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe("");
    expect(again.stderr).toMatch(/already exists .*fresh moto/);
  });

  it("exits 2 for an invalid scenario file and for bad usage", async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), "ripcord-cli-"));
    const invalid = join(dir, "invalid.json");
    await writeFile(invalid, JSON.stringify({ format: "ripcord-scenario/1", name: "x" }));

    // Act
    const badFile = await ripcord([
      "local",
      "--scenario",
      invalid,
      "--once",
      "--json",
      "--endpoint",
      moto.endpoint,
    ]);
    const badUsage = await ripcord(["local", "--port", "http"]);

    // Assess
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(/not a valid ripcord-scenario\/1 file/);
    expect(badUsage.code).toBe(2);
    expect(badUsage.stderr).toMatch(/--port/);
  });

  it("exits 3 with the install step when python3 cannot be found", async () => {
    // Prepare
    const withoutPython = { ...process.env, PATH: "/nonexistent" };

    // Act
    const ran = await run(
      process.execPath,
      [join(ROOT, "packages/local/bin/ripcord.js"), "local", "--once", "--json"],
      withoutPython,
    );

    // Assess
    expect(ran.code).toBe(3);
    expect(ran.stderr).toMatch(/python3 was not found.*pip install/);
  });

  it("exits 2 for a bad RIPCORD_TOKEN before anything starts (python3 is not even looked for)", async () => {
    // Prepare: without python3 on PATH, starting moto would end the run with exit 3 instead
    const badToken = { ...process.env, PATH: "/nonexistent", RIPCORD_TOKEN: "too-short" };

    // Act
    const ran = await run(
      process.execPath,
      [join(ROOT, "packages/local/bin/ripcord.js"), "local"],
      badToken,
    );

    // Assess
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/RIPCORD_TOKEN is invalid:\n.*at least 16 characters/);
    expect(ran.stderr).toMatch(/Set RIPCORD_TOKEN to a token of 16 to 512 characters, or unset it/);
    expect(ran.stderr).not.toMatch(/python3/);
    expect(ran.stdout).toBe("");
  });
});
