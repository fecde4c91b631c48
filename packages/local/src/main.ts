import { tmpdir } from "node:os";
import { join } from "node:path";
import { run as runApiCommand } from "./cli/index.ts";
import { exitCodeOf } from "./errors.ts";
import { captureFunctionLogs } from "./function-logs.ts";
import { LOCAL_USAGE, parseLocalOptions, type LocalOptions } from "./options.ts";
import { runSandbox, type Sandbox } from "./sandbox.ts";
import { assertPortFree, serveApi } from "./serve.ts";
import { apiToken, type ApiToken } from "./token.ts";
import type { Summary } from "./summary.ts";
import { Timeline } from "./timeline.ts";

/** A Wait state's real duration in the interactive sandbox: long enough to see, short enough not to bore. */
const INTERACTIVE_WAIT_MS = 1500;

function routing(r: { version: string; weights: Record<string, number> }): string {
  const canary = Object.entries(r.weights).map(([v, w]) => ` + ${v} at ${Math.round(w * 100)}%`);
  return `${r.version}${canary.join("")}`;
}

function printResult(timeline: Timeline, summary: Summary): void {
  const { alias } = summary;
  const restored =
    summary.timings.alarmToRestoredMs === undefined
      ? ""
      : `, restored ${summary.timings.alarmToRestoredMs} ms after the alarm`;
  timeline.line(
    "result",
    `${summary.outcome} (${summary.matched ? "as expected" : `NOT as expected: ${summary.expect}${summary.expectVersion ? ` to ${summary.expectVersion}` : ""}`})${restored}`,
    [
      `${alias.function}:${alias.name} was ${routing(alias.before)}, is ${routing(alias.after)} (read back from ${summary.endpoint})`,
      `watched through ${summary.signal}`,
      ...(summary.decision
        ? [`decision: ${summary.decision.verdict}: ${summary.decision.reason}`]
        : []),
      ...(summary.note ? [`why: ${summary.note}`] : []),
      ...(summary.warnings ?? []).map((w) => `warning: ${w}`),
      `check it yourself: aws --endpoint-url ${summary.endpoint} lambda get-alias --function-name ${alias.function} --name ${alias.name}`,
    ],
  );
}

/** Keeps the endpoints (and the API) up until Ctrl-C. */
async function serveUntilInterrupted(
  sandbox: Sandbox,
  options: LocalOptions,
  token: ApiToken,
  timeline: Timeline,
): Promise<void> {
  const api = await serveApi(options.port, token);
  timeline.line("serving", "until Ctrl-C", [
    `local AWS        ${sandbox.endpoint}   (AWS_ENDPOINT_URL)`,
    `Step Functions   ${sandbox.stepFunctionsEndpoint}   (AWS_ENDPOINT_URL_SFN)`,
    `Ripcord API      ${api.url}   (GET ${api.url}/openapi.json)`,
    api.generated
      ? `API token        export RIPCORD_TOKEN=${api.token}`
      : "API token        RIPCORD_TOKEN from your environment",
  ]);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  timeline.line("stopping", "closing the API, Step Functions and moto");
  await api.close();
}

async function local(argv: string[]): Promise<number> {
  const options = parseLocalOptions(argv);
  if ("help" in options) {
    process.stdout.write(`${LOCAL_USAGE}\n`);
    return 0;
  }
  // Everything the user can get wrong is checked before moto and the demo start (exit 2 or 3 at
  // once); the token only matters when the API is served, so --once does not read it.
  const token = options.once ? undefined : apiToken();
  if (!options.once) await assertPortFree(options.port);
  const timeline = new Timeline(options.json ? process.stderr : process.stdout);
  const logs = captureFunctionLogs(join(tmpdir(), `ripcord-local-${process.pid}.log`));
  timeline.line("ripcord", "local sandbox: real handlers and state machine, AWS played by moto", [
    `function logs: ${logs.path}`,
  ]);
  try {
    const sandbox = await runSandbox({
      ...(options.scenario !== undefined && { scenario: options.scenario }),
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(options.signal !== undefined && { signal: options.signal }),
      waitMs: options.json ? 0 : INTERACTIVE_WAIT_MS,
      timeline,
    });
    try {
      printResult(timeline, sandbox.summary);
      if (options.json) process.stdout.write(`${JSON.stringify(sandbox.summary, null, 2)}\n`);
      if (token) await serveUntilInterrupted(sandbox, options, token, timeline);
    } finally {
      await sandbox.close();
    }
    return 0;
  } finally {
    await logs.restore();
  }
}

/**
 * `ripcord <command>`: returns the process exit code. `local` is the sandbox (docs/design.md: 0 done,
 * 2 bad usage or scenario, 3 environment); every other command, and help, is the API CLI's.
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "local") return runApiCommand(argv);
  try {
    return await local(rest);
  } catch (error) {
    process.stderr.write(`ripcord: ${error instanceof Error ? error.message : String(error)}\n`);
    const code = exitCodeOf(error);
    if (code === 1 && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    return code;
  }
}
