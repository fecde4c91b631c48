import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Where every test process (and every `ripcord local` a test starts) records the AWS calls it
 * makes, one JSONL file per process (packages/local/src/call-log.ts). The global setup empties it
 * before a run; tests/iam checks what the run recorded, after it (`npm test` runs it last).
 */
export const CALL_LOG_DIR = fileURLToPath(new URL("../../test-output/aws-calls/", import.meta.url));

/** The environment variable that hands the directory to test workers and the sandboxes they start. */
export const CALL_LOG_ENV = "RIPCORD_AWS_CALL_LOG";

export function clearCallLog(): void {
  rmSync(CALL_LOG_DIR, { recursive: true, force: true });
}
