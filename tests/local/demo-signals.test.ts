import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SignalSource } from "@ripcord/core/signals";
import { captureFunctionLogs } from "@ripcord/local/function-logs";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import { runSandbox, type SandboxOptions } from "@ripcord/local/sandbox";
import type { Summary } from "@ripcord/local/summary";
import { Timeline } from "@ripcord/local/timeline";
import { aliasAt, resetMoto } from "./sandbox-support.ts";

/*
 * The same demo under each signal source (docs/design.md "Signals"): release 3 answers HTTP 500
 * through its orders sub-app's onError, so the invocations succeed. Lambda's own Errors never see
 * it; the function URL's 5xx count and the instrument's Errors5xx (10 s periods) do. The url run
 * is tests/local/demo.test.ts. One moto, the runs one after the other.
 */

/** A whole demo run; on two shared cores one was seen to take a minute. */
const RUN = { timeout: 180_000 };

let moto: MotoServer;
let logs: ReturnType<typeof captureFunctionLogs>;

beforeAll(async () => {
  moto = await startMoto();
  logs = captureFunctionLogs(join(tmpdir(), `ripcord-demo-signals-${process.pid}.log`));
});

afterAll(async () => {
  await logs?.restore();
  await moto?.stop();
});

async function demo(
  signal: SignalSource,
  settings: Partial<SandboxOptions> = {},
): Promise<{ summary: Summary; printed: string; alias: unknown }> {
  await resetMoto(moto.endpoint);
  let printed = "";
  const sandbox = await runSandbox({
    signal,
    endpoint: moto.endpoint,
    waitMs: 0,
    timeline: new Timeline({ write: (text: string) => (printed += text) }),
    ...settings,
  });
  await sandbox.close();
  return {
    summary: sandbox.summary,
    printed,
    alias: await aliasAt(moto.endpoint, "demo-api", "production"),
  };
}

describe("the demo's bad release under each signal", () => {
  it(
    "lambda: no alarm, and the run says why (the 500s never reach Lambda's Errors)",
    RUN,
    async () => {
      // Act
      const { summary, printed, alias } = await demo("lambda");

      // Assess
      expect(summary).toMatchObject({ signal: "lambda", outcome: "no-alarm", matched: false });
      expect(summary.note).toMatch(
        /^version 3 answered \d+ of \d+ requests with HTTP 5xx .* but Lambda counted 0 Errors/,
      );
      expect(printed).toMatch(/no alarm fired/);
      expect(printed).toContain(summary.note);
      expect(alias).toEqual({ version: "3", weights: {} });
    },
  );

  it("emf, 10 s periods: rolled back to 2", RUN, async () => {
    // Act
    const { summary, alias } = await demo("emf");

    // Assess
    expect(summary).toMatchObject({ signal: "emf", outcome: "rolled-back", matched: true });
    expect(summary.alarms.find((a) => a.kind === "errorRate")?.state).toBe("ALARM");
    expect(summary.note).toBeUndefined();
    expect(alias).toEqual({ version: "2", weights: {} });
  });
});

describe("a healthy release 3 (release 2's code) under each signal", () => {
  it.each(["lambda", "url", "emf"] as const)("%s: no rollback", RUN, async (signal) => {
    // Act
    const { summary, alias } = await demo(signal, { demoCode: () => "2" });

    // Assess
    expect(summary.signal).toBe(signal);
    expect(summary.outcome).toBe("no-alarm");
    expect(summary.note).toBeUndefined();
    expect(alias).toEqual({ version: "3", weights: {} });
  });
});
