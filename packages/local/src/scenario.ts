import { readFile } from "node:fs/promises";
import { defineConfig, describeIssues, type RipcordConfig } from "@ripcord/core/config";
import { InputError } from "@ripcord/core/errors";
import type { AliasRouting } from "@ripcord/core/release";
import type { SignalSource } from "@ripcord/core/signals";
import type { ServiceFunction } from "./deploy.ts";
import { aliasMoves, routingAfter } from "./history.ts";
import { ScenarioFile, scenarioHistory } from "./scenario-file.ts";
import type { TrafficMinute } from "./traffic.ts";

export { ScenarioFile };

const MINUTE_MS = 60_000;

export function parseScenario(json: unknown, source: string): ScenarioFile {
  const parsed = ScenarioFile.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `${source} is not a valid ripcord-scenario/1 file:\n${describeIssues(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Reads and validates a scenario file; anything wrong with it is an InputError (exit code 2). */
export async function readScenario(path: string): Promise<ScenarioFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new InputError(
      `cannot read the scenario file ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InputError(
      `${path} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  return parseScenario(json, path);
}

/** "Now" of a replay: the start of the current minute. */
export function startOfMinute(at: Date): string {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS).toISOString();
}

/**
 * A scenario's service is its one function, named after the scenario (so the alarms say which case
 * runs), as far as the config's rule for service names allows; the function's name otherwise.
 */
export function serviceNameOf(file: Pick<ScenarioFile, "name" | "function">): string {
  const clean = (text: string): string =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^[^a-z]+/, "")
      .replace(/-+$/, "")
      .slice(0, 40);
  return clean(file.name) || clean(file.function) || "service";
}

export interface ScenarioSettings {
  /** The CloudFront distribution in front of the function, when the sandbox created one. */
  distributionId?: string;
  /** Seconds Confirm waits after the shift (the window of post-shift traffic it reads). */
  confirmAfterSeconds?: number;
  /** The signal source, over the file's `signal` (--signal). */
  signal?: SignalSource;
  /** The alarms' period, over the file's (the demo's emf alarms use 10 s; a file's rows are per minute). */
  periodSeconds?: number;
}

/** The Ripcord config that watches a scenario's function with the scenario's alarm thresholds and the default policy. */
export function scenarioConfig(file: ScenarioFile, settings: ScenarioSettings = {}): RipcordConfig {
  return defineConfig({
    services: {
      [serviceNameOf(file)]: {
        signal: settings.signal ?? file.signal ?? "lambda",
        functions: [{ name: file.function, alias: file.alias }],
        ...(settings.distributionId && {
          cloudfront: { distributionId: settings.distributionId, paths: ["/*"] },
        }),
        alarms: {
          ...file.thresholds,
          ...(settings.periodSeconds !== undefined && { periodSeconds: settings.periodSeconds }),
        },
        ...(settings.confirmAfterSeconds !== undefined && {
          policy: { confirmAfterSeconds: settings.confirmAfterSeconds },
        }),
      },
    },
  });
}

/** Where the alias stands after the last release: a canary keeps the most recent full release as primary. */
export function finalRouting(file: ScenarioFile): AliasRouting {
  return routingAfter(file.releases);
}

/** The watched function as the replay deploys it: versions up to the highest named, the alias's moves at their times. */
export function scenarioFunction(
  file: ScenarioFile,
  now: string,
  config: RipcordConfig,
): ServiceFunction {
  const named = [
    ...file.releases.map((r) => Number(r.version)),
    ...file.traffic.flatMap((row) => Object.keys(row.byVersion).map(Number)),
  ];
  const service = config.services[serviceNameOf(file)];
  const window = service?.policy.stabilityWindowMinutes ?? 60;
  return {
    service: serviceNameOf(file),
    name: file.function,
    alias: file.alias,
    highestVersion: Math.max(...named),
    moves: aliasMoves(scenarioHistory(file, now)),
    stabilityWindowMinutes: window,
  };
}

/** The scenario's rows as minutes: `minutesAgo: m` starts at now - m minutes. */
export function scenarioMinutes(file: ScenarioFile, now: string): TrafficMinute[] {
  const nowMs = Date.parse(now);
  return [...file.traffic]
    .sort((a, b) => b.minutesAgo - a.minutesAgo)
    .map((row) => ({
      start: new Date(nowMs - row.minutesAgo * MINUTE_MS).toISOString(),
      byVersion: row.byVersion,
    }));
}
