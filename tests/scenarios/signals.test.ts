import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as z from "zod";
import { SOURCES } from "@ripcord/core/signals";
import { captureFunctionLogs } from "@ripcord/local/function-logs";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import { runSandbox } from "@ripcord/local/sandbox";
import { silentTimeline } from "@ripcord/local/timeline";
import { aliasAt, resetMoto, routingBefore, scenarios } from "../local/sandbox-support.ts";

/*
 * scenarios/labelled/README.md "Signal sources": with `signal` set, a file's rows stand for that
 * source's metrics, published only under its namespace and names; the same situation must be
 * decided the same way whatever the source. So the alarms, Verify and Confirm must read the
 * service's own source end to end: a reader of Lambda's own metrics would find nothing here.
 * The files under scenarios/labelled stay as they are; each case is a copy with the field added.
 */

let moto: MotoServer;
let logs: ReturnType<typeof captureFunctionLogs>;
let dir: string;

beforeAll(async () => {
  moto = await startMoto();
  logs = captureFunctionLogs(join(tmpdir(), `ripcord-signals-${process.pid}.log`));
  dir = mkdtempSync(join(tmpdir(), "ripcord-signals-"));
});

afterAll(async () => {
  await logs.restore();
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await resetMoto(moto.endpoint);
});

/** A copy of the labelled file that names `signal`. */
function withSignal(path: string, file: string, signal: "url" | "emf"): string {
  const copy = join(dir, `${signal}-${file}`);
  const json = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path, "utf8")));
  writeFileSync(copy, JSON.stringify({ ...json, signal }));
  return copy;
}

const picked = scenarios().filter((s) =>
  ["error-spike-after-deploy.json", "canary-regression.json", "recovered-blip.json"].includes(
    s.file,
  ),
);

describe("labelled scenarios replayed on the url and emf sources", () => {
  it("picks a full release, a canary and a hold", () => {
    expect(picked.map((s) => s.file).sort()).toEqual([
      "canary-regression.json",
      "error-spike-after-deploy.json",
      "recovered-blip.json",
    ]);
  });

  for (const signal of ["url", "emf"] as const) {
    it.each(picked.map((s) => [s.file, s] as const))(
      `%s on ${signal} (${SOURCES[signal].namespace}) is decided as labelled`,
      async (file, scenario) => {
        // Act
        const sandbox = await runSandbox({
          scenario: withSignal(scenario.path, file, signal),
          endpoint: moto.endpoint,
          waitMs: 0,
          timeline: silentTimeline(),
        });
        await sandbox.close();
        const alias = await aliasAt(moto.endpoint, scenario.function, scenario.alias);

        // Assess
        expect(sandbox.summary.matched).toBe(true);
        if (scenario.expect === "rollback") {
          expect(alias).toEqual({ version: scenario.expectVersion, weights: {} });
          expect(sandbox.summary.outcome).toBe("rolled-back");
        } else {
          expect(alias).toEqual(routingBefore(scenario));
        }
      },
    );
  }
});
