import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { run } from "../../packages/local/src/cli/index.ts";
import type { CliIo } from "../../packages/local/src/cli/io.ts";
import { startSandbox, type RunningSandbox } from "../api/sandbox.ts";

/*
 * The CLI as a user runs it, against `ripcord local`: real HTTP, the real API, the real state
 * machine. Tests run in order; the demo leaves the service "demo" frozen with demo-api on 2.
 */

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

describe("ripcord CLI against the sandbox", () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  /** Runs a command with RIPCORD_URL / RIPCORD_TOKEN from the environment, as a shell would. */
  async function ripcord(
    args: string[],
    env: NodeJS.ProcessEnv = { RIPCORD_URL: sandbox.url, RIPCORD_TOKEN: sandbox.token },
  ): Promise<Ran> {
    let stdout = "";
    let stderr = "";
    const io: CliIo = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env,
      fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const code = await run(args, io);
    return { code, stdout, stderr };
  }

  it("status lists the services; status <service> shows releases, target and alarms", async () => {
    // Act
    const all = await ripcord(["status"]);
    const one = await ripcord(["status", "demo"]);

    // Assess
    expect(all).toMatchObject({ code: 0, stderr: "" });
    expect(all.stdout).toMatch(/^demo\n/);
    expect(all.stdout).toContain("demo-api:production  version 2");
    expect(all.stdout).toContain("frozen since");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/ 3 {2}from .*known-bad since/);
    expect(one.stdout).toMatch(/ALARM\s+\S+error-rate/);
  });

  it("--json prints the API's answer", async () => {
    // Act
    const { code, stdout } = await ripcord(["status", "demo", "--json"]);

    // Assess
    expect(code).toBe(0);
    const parsed = z
      .looseObject({
        service: z.literal("demo"),
        functions: z.array(z.looseObject({ name: z.string() })),
      })
      .parse(JSON.parse(stdout));
    expect(parsed.functions.map((fn) => fn.name)).toEqual(["demo-api"]);
  });

  it("gate exits 4 with the reason while frozen, 0 once resumed", async () => {
    // Act
    const frozen = await ripcord(["gate", "demo"]);
    const resumed = await ripcord(["resume", "demo"]);
    const open = await ripcord(["gate", "demo"]);

    // Assess
    expect(frozen.code).toBe(4);
    expect(frozen.stdout).toBe("");
    expect(frozen.stderr).toMatch(/^ripcord: demo is frozen since .*\(ripcord resume demo\)/);
    expect(resumed.code).toBe(0);
    expect(open).toEqual({ code: 0, stdout: "demo: a deploy may proceed\n", stderr: "" });
  });

  it("rollback --to V --watch follows the run to its end and exits 0 when the alias shifted", async () => {
    // Act
    const { code, stdout, stderr } = await ripcord([
      "rollback",
      "demo",
      "--to",
      "1",
      "--reason",
      "errors after deploy",
      "--watch",
      "--interval",
      "0.2",
    ]);

    // Assess
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^manual-demo-\d+-[0-9a-f]+: demo, started .* \(api:local: errors after deploy\)/,
    );
    expect(stdout).toMatch(/Shift\s+ok/);
    expect(stdout).toContain("demo-api:production version 2 -> 1: shifted");
    expect(stdout).toMatch(/: rolled-back at /);
  });

  it("watch exits 4 with the reason when the rollback ends without shifting (a dry run)", async () => {
    // Prepare
    const started = await ripcord([
      "rollback",
      "demo",
      "--to",
      "2",
      "--reason",
      "rehearsal",
      "--dry-run",
      "--json",
    ]);
    const { id } = z.object({ id: z.string() }).parse(JSON.parse(started.stdout));

    // Act
    const watched = await ripcord(["watch", id, "--interval", "0.2"]);

    // Assess
    expect(started.code).toBe(0);
    expect(watched.code).toBe(4);
    expect(watched.stdout).toContain(`${id}: held`);
    expect(watched.stderr).toMatch(new RegExp(`^ripcord: rollback ${id} ended held`));
  });

  it("history shows the newest first and how to get the next page", async () => {
    // Act
    const first = await ripcord(["history", "demo", "--limit", "1"]);
    const more = /more: (ripcord history .*)$/m.exec(first.stdout)?.[1];
    const second = await ripcord((more ?? "").split(" ").slice(1));

    // Assess
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\S+ \S+Z {2}held\s+demo\s+manual-demo-/);
    expect(more).toMatch(/^ripcord history demo --limit 1 --cursor \S+$/);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/rolled-back\s+demo\s+manual-demo-.*errors after deploy/);
  });

  it("pause and resume, for one service and for all", async () => {
    // Act
    const one = await ripcord([
      "pause",
      "demo",
      "--reason",
      "load test",
      "--until",
      "2099-01-01T00:00:00Z",
    ]);
    const all = await ripcord(["pause", "--reason", "incident 7"]);
    const status = await ripcord(["status"]);
    const resumeAll = await ripcord(["resume"]);
    const resumeOne = await ripcord(["resume", "demo"]);

    // Assess
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^demo: paused by api:local until 2099-01-01 00:00:00Z: load test/);
    expect(all.stdout).toBe(
      "every service: paused (kill switch: every service) by api:local until resumed: incident 7\n",
    );
    expect(status.stdout).toContain("paused by api:local until 2099-01-01 00:00:00Z: load test");
    expect([resumeAll.code, resumeOne.code]).toEqual([0, 0]);
    expect(resumeOne.stdout).not.toContain("paused");
  });

  it("abort of a rollback that already ended exits 1 with the API's reason", async () => {
    // Prepare
    const listed = await ripcord(["history", "demo", "--limit", "1", "--json"]);
    const id =
      z.object({ items: z.array(z.object({ id: z.string() })) }).parse(JSON.parse(listed.stdout))
        .items[0]?.id ?? "";

    // Act
    const { code, stderr } = await ripcord(["abort", id, "--reason", "too late"]);

    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe(
      `ripcord: rollback ${id} already ended (held); there is nothing to abort\n`,
    );
  });

  it("takes the URL and token from flags", async () => {
    // Act
    const { code, stdout } = await ripcord(
      ["gate", "demo", "--url", `${sandbox.url}/`, "--token", sandbox.token, "--json"],
      {},
    );

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ service: "demo", deploy: "allowed" });
  });

  it.each([
    ["no URL", ["status"], { RIPCORD_TOKEN: "x".repeat(20) }, 2, "pass --url or set RIPCORD_URL"],
    [
      "no token",
      ["status"],
      { RIPCORD_URL: "http://127.0.0.1:9" },
      2,
      "pass --token or set RIPCORD_TOKEN",
    ],
    ["no reason", ["rollback", "demo"], undefined, 2, "needs --reason"],
    ["an unknown option", ["status", "--colour"], undefined, 2, "--colour"],
    ["an unknown command", ["deploy"], undefined, 2, 'unknown command "deploy"'],
    ["a missing argument", ["watch"], undefined, 2, "missing an argument"],
    [
      "an API that is not there",
      ["status"],
      { RIPCORD_URL: "http://127.0.0.1:9", RIPCORD_TOKEN: "x".repeat(20) },
      3,
      "cannot reach the Ripcord API",
    ],
    ["a wrong token", ["status"], "wrong-token", 1, "matches no API token"],
    ["an unknown service", ["status", "billing"], undefined, 1, '"billing" is not watched'],
    [
      "a version that is not a target",
      ["rollback", "demo", "--to", "$LATEST", "--reason", "x"],
      undefined,
      1,
      "not a published version",
    ],
  ] as const)("exits %s with the reason on stderr", async (_case, args, env, code, says) => {
    // Act
    const environment =
      env === undefined
        ? undefined
        : env === "wrong-token"
          ? { RIPCORD_URL: sandbox.url, RIPCORD_TOKEN: "wrong-token-0123456789" }
          : env;
    const ran = await ripcord([...args], environment);

    // Assess
    expect(ran.code).toBe(code);
    expect(ran.stdout).toBe("");
    expect(ran.stderr).toContain(says);
  });

  it("prints its help with exit 0", async () => {
    // Act
    const help = await ripcord(["help"]);
    const commandHelp = await ripcord(["rollback", "--help"], {});

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes:");
    expect(commandHelp.code).toBe(0);
    expect(commandHelp.stdout).toContain("--to FUNCTION=VERSION");
  });

  it("runs through the ripcord bin, which dispatches every command but local to it", () => {
    // Act
    const bin = fileURLToPath(new URL("../../packages/local/bin/ripcord.js", import.meta.url));
    const result = spawnSync(process.execPath, [bin, "gate", "demo"], {
      env: { ...process.env, RIPCORD_URL: sandbox.url, RIPCORD_TOKEN: sandbox.token },
      encoding: "utf8",
    });

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("demo: a deploy may proceed\n");
  });
});
