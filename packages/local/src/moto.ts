import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { EnvironmentError } from "@ripcord/core/errors";

export interface MotoServer {
  /** http://127.0.0.1:<port>, ready for AWS_ENDPOINT_URL. */
  endpoint: string;
  port: number;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** A fixed port; by default a free one is picked. */
  port?: number;
  /** How long to wait for the server to answer before giving up. */
  readyTimeoutMs?: number;
}

const HOST = "127.0.0.1";
const INSTALL_STEP = "pip install 'moto[server]==5.2.1'";
const STDERR_TAIL_CHARS = 2000;

/** Starts `python3 -m moto.server` on 127.0.0.1 and resolves once it answers. */
export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const port = options.port ?? (await freePort());
  if (options.port !== undefined) await assertPortFree(port);

  const child = spawn("python3", ["-m", "moto.server", "-H", HOST, "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const watch = watchChild(child);
  const killOnExit = (): void => {
    child.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  const endpoint = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(endpoint, watch, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    process.off("exit", killOnExit);
    await stopChild(child, watch);
    throw error;
  }

  return {
    endpoint,
    port,
    async stop() {
      process.off("exit", killOnExit);
      await stopChild(child, watch);
    },
  };
}

interface ChildWatch {
  /** Set once the process failed to start or exited. */
  failure(): EnvironmentError | undefined;
  exited: Promise<void>;
}

function watchChild(child: ChildProcess): ChildWatch {
  let stderrTail = "";
  let failure: EnvironmentError | undefined;
  child.stderr?.setEncoding("utf8");
  // Keep draining stderr (moto logs every request there) so the pipe never fills and blocks it.
  child.stderr?.on("data", (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const exited = new Promise<void>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      failure =
        error.code === "ENOENT"
          ? new EnvironmentError(
              `python3 was not found on PATH. Install Python 3, then: ${INSTALL_STEP}`,
              { cause: error },
            )
          : new EnvironmentError(`could not start python3 -m moto.server: ${error.message}`, {
              cause: error,
            });
      resolve();
    });
    child.once("exit", (code, signal) => {
      failure ??= explainExit(stderrTail, code, signal);
      resolve();
    });
  });
  return { failure: () => failure, exited };
}

function explainExit(
  stderr: string,
  code: number | null,
  signal: NodeJS.Signals | null,
): EnvironmentError {
  if (/No module named '?(moto|flask|flask_cors|werkzeug)/.test(stderr)) {
    return new EnvironmentError(
      `moto's server is not installed for python3. Install it with: ${INSTALL_STEP}`,
    );
  }
  if (/Address already in use/i.test(stderr)) {
    return new EnvironmentError(
      "moto could not listen: the port is already in use. Stop what runs there or choose another port.",
    );
  }
  const how = signal ? `signal ${signal}` : `code ${code}`;
  return new EnvironmentError(
    `moto exited (${how}) before it was ready. Its last output:\n${stderr.trim()}`,
  );
}

async function waitUntilReady(
  endpoint: string,
  watch: ChildWatch,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failure = watch.failure();
    if (failure) throw failure;
    if (await answers(`${endpoint}/moto-api/`)) return;
    await sleep(100);
  }
  throw new EnvironmentError(
    `moto did not answer on ${endpoint} within ${timeoutMs} ms. Check that \`python3 -m moto.server\` runs (${INSTALL_STEP}).`,
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    // Not listening yet: the caller polls again.
    return false;
  }
}

async function stopChild(child: ChildProcess, watch: ChildWatch): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const forced = setTimeout(() => child.kill("SIGKILL"), 3000);
  await watch.exited;
  clearTimeout(forced);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error) =>
      reject(new EnvironmentError("could not find a free port on 127.0.0.1", { cause: error })),
    );
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      const message =
        error.code === "EADDRINUSE"
          ? `port ${port} on ${HOST} is already in use: stop what runs there or choose another port`
          : `cannot listen on ${HOST}:${port} (${error.code ?? error.message})`;
      reject(new EnvironmentError(message, { cause: error }));
    });
    server.listen(port, HOST, () => server.close(() => resolve()));
  });
}
