import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { CloudWatchClient, paginateListMetrics } from "@aws-sdk/client-cloudwatch";
import { SIGNAL_SOURCES, SOURCES, type SignalSource } from "@ripcord/core/signals";
import { captureFunctionLogs } from "@ripcord/local/function-logs";
import { startMoto, type MotoServer } from "@ripcord/local/moto";
import { runSandbox } from "@ripcord/local/sandbox";
import { silentTimeline } from "@ripcord/local/timeline";
import { aliasAt, resetMoto, routingBefore, scenarios } from "../local/sandbox-support.ts";

/*
 * scenarios/README.md "Signal sources": a replay's `--signal` overrides the file's `signal`, and
 * the rows are published as that source's metrics under both dimension sets. Every labelled
 * scenario must be decided the same whatever the source: the alarms, Verify and Confirm read the
 * service's own source end to end. Each file here replays all of them under one source, on its own
 * moto, one after the other (two cores: one replay per test file at a time).
 *
 * The labelled files stay as they are (scenarios/labelled/README.md is frozen); each replay reads
 * a copy that names another source in `signal`, so the override is what decides the source.
 */

/** A source other than `source`, for the copy's own `signal` field. */
function otherThan(source: SignalSource): SignalSource {
  return SIGNAL_SOURCES.find((s) => s !== source) ?? "lambda";
}

function copyNaming(dir: string, path: string, file: string, signal: SignalSource): string {
  const copy = join(dir, `${signal}-${file}`);
  const json = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path, "utf8")));
  writeFileSync(copy, JSON.stringify({ ...json, signal }));
  return copy;
}

/** Every metric moto holds, as "namespace metric [dimension names]", read with a plain SDK client. */
async function publishedMetrics(endpoint: string): Promise<string[]> {
  const client = new CloudWatchClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  const found = new Set<string>();
  try {
    for await (const page of paginateListMetrics({ client }, {})) {
      for (const metric of page.Metrics ?? []) {
        const names = (metric.Dimensions ?? []).map((d) => d.Name).sort();
        found.add(`${metric.Namespace} ${metric.MetricName} [${names.join(", ")}]`);
      }
    }
  } finally {
    client.destroy();
  }
  return [...found].sort();
}

/** What a source publishes: its three metrics under the alias and the version dimension sets. */
function expectedMetrics(source: SignalSource): string[] {
  const { namespace, metrics } = SOURCES[source];
  return Object.values(metrics)
    .flatMap((metric) => [
      `${namespace} ${metric} [ExecutedVersion, FunctionName, Resource]`,
      `${namespace} ${metric} [FunctionName, Resource]`,
    ])
    .sort();
}

export function replayEveryScenarioUnder(source: SignalSource): void {
  let moto: MotoServer;
  let logs: ReturnType<typeof captureFunctionLogs>;
  let dir: string | undefined;

  beforeAll(async () => {
    // Two cores shared by the test files: a moto may take longer than the default 20 s to answer.
    moto = await startMoto({ readyTimeoutMs: 50_000 });
    logs = captureFunctionLogs(join(tmpdir(), `ripcord-signal-${source}-${process.pid}.log`));
    dir = mkdtempSync(join(tmpdir(), `ripcord-signal-${source}-`));
  });

  afterAll(async () => {
    await logs?.restore();
    await moto?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await resetMoto(moto.endpoint);
  });

  const all = scenarios();

  describe(`labelled scenarios replayed with --signal ${source} (${SOURCES[source].namespace})`, () => {
    it("replays all eight", () => {
      // Assess
      expect(all).toHaveLength(8);
    });

    it.each(all.map((s) => [s.file, s] as const))(
      "%s is decided as labelled",
      async (file, scenario) => {
        // Act
        const sandbox = await runSandbox({
          scenario: copyNaming(dir ?? tmpdir(), scenario.path, file, otherThan(source)),
          signal: source,
          endpoint: moto.endpoint,
          waitMs: 0,
          timeline: silentTimeline(),
        });
        await sandbox.close();
        const alias = await aliasAt(moto.endpoint, scenario.function, scenario.alias);

        // Assess
        expect(await publishedMetrics(moto.endpoint)).toEqual(expectedMetrics(source));
        expect(sandbox.summary.signal).toBe(source);
        expect(sandbox.summary.matched).toBe(true);
        if (scenario.expect === "rollback") {
          expect(alias).toEqual({ version: scenario.expectVersion, weights: {} });
          expect(sandbox.summary.outcome).toBe("rolled-back");
        } else {
          expect(alias).toEqual(routingBefore(scenario));
          expect(["held", "no-alarm"]).toContain(sandbox.summary.outcome);
        }
      },
    );
  });
}
