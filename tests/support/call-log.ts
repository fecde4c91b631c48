import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where every test process (and every `ripcord local` a test starts) records the AWS calls it
 * makes, one JSONL file per process (packages/local/src/call-log.ts): a folder per test run under
 * test-output/aws-calls/, so runs going on side by side do not mix, and `latest` naming the last
 * one started. tests/iam checks what that run recorded, after it (its vitest project runs last).
 */
export const CALL_LOG_ROOT = fileURLToPath(
  new URL("../../test-output/aws-calls/", import.meta.url),
);

/** The environment variable that hands the run's folder to the sandboxes tests start. */
export const CALL_LOG_ENV = "RIPCORD_AWS_CALL_LOG";

/** Shared by every project's global setup in one vitest process: one run, one folder. */
const RUN_ENV = "RIPCORD_AWS_CALL_RUN";

const LATEST = join(CALL_LOG_ROOT, "latest");

/** Older runs' folders are dropped after a day; a run still going on keeps writing to its own. */
const KEEP_MS = 24 * 3600 * 1000;

/** The folder of this test run, made and named `latest` (called by the global setup). */
export function startCallLog(): string {
  const run = (process.env[RUN_ENV] ??= `${Date.now()}-${process.pid}`);
  mkdirSync(CALL_LOG_ROOT, { recursive: true });
  for (const entry of readdirSync(CALL_LOG_ROOT)) {
    const path = join(CALL_LOG_ROOT, entry);
    if (entry !== run && Date.now() - statSync(path).mtimeMs > KEEP_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
  const dir = join(CALL_LOG_ROOT, run);
  mkdirSync(dir, { recursive: true });
  writeFileSync(LATEST, run);
  return dir;
}

/**
 * The folder of this vitest run (its workers inherit the main process's environment, where the
 * global setup named the run), or else of the last run started (the iam project run on its own).
 */
export function latestCallLog(): string {
  const run = process.env[RUN_ENV] ?? readFileSync(LATEST, "utf8").trim();
  return join(CALL_LOG_ROOT, run);
}
