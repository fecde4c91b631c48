import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureFunctionLogs } from "@ripcord/local/function-logs";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import { runSandbox } from "@ripcord/local/sandbox";
import { silentTimeline } from "@ripcord/local/timeline";
import { aliasAt, resetMoto, routingBefore, scenarios } from "../local/sandbox-support.ts";

/*
 * Every shared scenario through the real pipeline: metrics into moto, alarms evaluated from what
 * moto returns, the real trigger and state machine with the real handlers. The verdict is checked
 * on the alias as moto holds it afterwards, read with a plain Lambda client.
 */

let moto: MotoServer;
let logs: ReturnType<typeof captureFunctionLogs>;

beforeAll(async () => {
  moto = await startMoto();
  // The handlers log as on Lambda; here that goes to a file rather than between the test results.
  logs = captureFunctionLogs(join(tmpdir(), `ripcord-scenarios-${process.pid}.log`));
});

afterAll(async () => {
  await logs.restore();
  await moto.stop();
});

beforeEach(async () => {
  await resetMoto(moto.endpoint);
});

const all = scenarios();

describe("shared scenarios replayed through the sandbox", () => {
  it("finds the shared scenarios", () => {
    // Assess
    expect(all.length).toBeGreaterThanOrEqual(8);
  });

  it.each(all.filter((s) => s.expect === "rollback").map((s) => [s.file, s] as const))(
    "%s rolls back to its expected version",
    async (_file, scenario) => {
      // Act
      const sandbox = await runSandbox({
        scenario: scenario.path,
        endpoint: moto.endpoint,
        waitMs: 0,
        timeline: silentTimeline(),
      });
      await sandbox.close();
      const alias = await aliasAt(moto.endpoint, scenario.function, scenario.alias);

      // Assess
      expect(alias).toEqual({ version: scenario.expectVersion, weights: {} });
      expect(sandbox.summary.outcome).toBe("rolled-back");
      expect(sandbox.summary.matched).toBe(true);
      expect(sandbox.summary.alias.before).toEqual(routingBefore(scenario));
      expect(sandbox.summary.alias.after).toEqual(alias);
      expect(sandbox.summary.timings.alarmToRestoredMs).toBeGreaterThanOrEqual(0);
    },
  );

  it.each(all.filter((s) => s.expect === "hold").map((s) => [s.file, s] as const))(
    "%s leaves the alias exactly as it was",
    async (_file, scenario) => {
      // Act
      const sandbox = await runSandbox({
        scenario: scenario.path,
        endpoint: moto.endpoint,
        waitMs: 0,
        timeline: silentTimeline(),
      });
      await sandbox.close();
      const alias = await aliasAt(moto.endpoint, scenario.function, scenario.alias);

      // Assess
      expect(alias).toEqual(routingBefore(scenario));
      expect(["held", "no-alarm"]).toContain(sandbox.summary.outcome);
      expect(sandbox.summary.matched).toBe(true);
      expect(sandbox.summary.alias.after).toEqual(alias);
      expect(sandbox.summary.timings.alarmToRestoredMs).toBeUndefined();
    },
  );
});
