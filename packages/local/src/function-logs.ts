import { createWriteStream } from "node:fs";
import { Console } from "node:console";
import { once } from "node:events";

/**
 * On AWS, what Ripcord's functions log goes to CloudWatch Logs, not to the terminal of the person
 * watching. The sandbox runs them in-process, so their console goes to a file instead, keeping the
 * timeline readable and stdout clean for --json.
 */
export function captureFunctionLogs(path: string): { path: string; restore(): Promise<void> } {
  const stream = createWriteStream(path, { flags: "a" });
  const original = globalThis.console;
  globalThis.console = new Console({ stdout: stream, stderr: stream });
  return {
    path,
    async restore() {
      globalThis.console = original;
      stream.end();
      await once(stream, "finish");
    },
  };
}
