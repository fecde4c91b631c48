import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../packages/local/bin/ripcord.js", import.meta.url));

/** `ripcord local` as a user starts it, serving the API over HTTP. */
export interface RunningSandbox {
  /** The API, http://127.0.0.1:<port>. */
  url: string;
  /** Its write token (RIPCORD_TOKEN given to the sandbox). */
  token: string;
  /** The sandbox's own moto, where the aliases live. */
  awsEndpoint: string;
  /** Everything the sandbox printed so far. */
  output(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/**
 * Starts `ripcord local --port N` (its own moto, the demo played through, then the API kept up) and
 * resolves once it says it is serving. The demo leaves demo-api:production rolled back from 3 to 2.
 */
export async function startSandbox(): Promise<RunningSandbox> {
  const port = await freePort();
  const token = `test-${randomBytes(16).toString("hex")}`;
  // The sandbox points the SDK at its own moto; the test worker's endpoint must not leak into it.
  const { AWS_ENDPOINT_URL: _workerMoto, ...inherited } = process.env;
  const env = { ...inherited, RIPCORD_TOKEN: token };
  const child = spawn(process.execPath, [BIN, "local", "--port", String(port)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (/serving\s+until Ctrl-C/.test(output)) resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`ripcord local exited with ${code} before serving:\n${output}`)),
    );
  });
  const awsEndpoint = /local AWS ready at (http:\/\/[\d.:]+)/.exec(output)?.[1];
  if (!awsEndpoint) throw new Error(`ripcord local did not say where its moto runs:\n${output}`);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    awsEndpoint,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
