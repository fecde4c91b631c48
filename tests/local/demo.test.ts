import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureFunctionLogs } from "@ripcord/local/function-logs";
import { runSandbox, type Sandbox } from "@ripcord/local/sandbox";
import { Timeline } from "@ripcord/local/timeline";
import { aliasAt } from "./sandbox-support.ts";

/*
 * The built-in demo end to end, as `npm start -- --once` runs it: the sandbox starts its own moto,
 * deploys Ripcord and the demo service, plays the bad release, and healthy traffic after the shift.
 */

let sandbox: Sandbox;
let printed = "";
let aliasInMoto: { version: string; weights: Record<string, number> };

beforeAll(async () => {
  const logs = captureFunctionLogs(join(tmpdir(), `ripcord-demo-${process.pid}.log`));
  try {
    sandbox = await runSandbox({
      waitMs: 0,
      timeline: new Timeline({ write: (text: string) => (printed += text) }),
    });
    aliasInMoto = await aliasAt(sandbox.endpoint, "demo-api", "production");
  } finally {
    await logs.restore();
  }
});

afterAll(async () => {
  await sandbox?.close();
});

describe("the demo", () => {
  it("rolls demo-api back to its known-good version 2, as moto holds the alias afterwards", () => {
    // Assess
    expect(aliasInMoto).toEqual({ version: "2", weights: {} });
    expect(sandbox.summary).toMatchObject({
      scenario: "demo",
      expect: "rollback",
      expectVersion: "2",
      outcome: "rolled-back",
      matched: true,
      alias: {
        function: "demo-api",
        name: "production",
        before: { version: "3", weights: {} },
        after: aliasInMoto,
      },
    });
  });

  it("sees the recovery in the healthy traffic after the shift, and invalidates the distribution", () => {
    // Assess
    expect(sandbox.summary.recovery?.outcome).toBe("recovered");
    expect(sandbox.summary.invalidation?.status).toBe("Completed");
    expect(sandbox.summary.notifications.map((n) => n.subject).join("\n")).toMatch(
      /demo-api 3 -> 2/,
    );
  });

  it("prints the timeline as it happens: alarm, verdict, shift, invalidation, notification, recovery, result", () => {
    // Assess
    const labels = [
      "alarm fired",
      "trigger",
      "verdict",
      "shift",
      "notify",
      "invalidate",
      "recovery",
      "record",
    ].map((label) => printed.indexOf(`  ${label} `));
    expect(labels.every((at) => at >= 0)).toBe(true);
    expect(labels).toEqual([...labels].sort((a, b) => a - b));
    expect(printed).toMatch(/error-rate ALARM: error rate [\d.]+% vs threshold 5%/);
    expect(printed).toMatch(/demo-api:production version 3 -> version 2: shifted/);
    // The requests went on through the alias: to 3 until the shift, then to 2.
    const live = printed.slice(printed.indexOf("played as the clock moved"));
    expect(live).toMatch(/version 3: [1-9]\d* requests/);
    expect(live).toMatch(/version 2: [1-9]\d* requests/);
  });
});
