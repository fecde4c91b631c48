import { createServer } from "node:net";
import { serve } from "@hono/node-server";
import { EnvironmentError } from "@ripcord/core/errors";
import { createApp } from "@ripcord/functions/api/app";
import { servedAs } from "./identity.ts";
import type { ApiToken } from "./token.ts";

const HOST = "127.0.0.1";

/** Fails early (exit 3) when the API's port is taken, before minutes of setup are spent. */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      const why =
        error.code === "EADDRINUSE"
          ? "is already in use"
          : `cannot be used (${error.code ?? error.message})`;
      reject(
        new EnvironmentError(
          `port ${port} on ${HOST} ${why}: stop what runs there, or choose another port with --port N`,
          { cause: error },
        ),
      );
    });
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

export interface ServedApi {
  url: string;
  /** The bearer token (write scope, name "local"); `generated` when RIPCORD_TOKEN did not provide it. */
  token: string;
  generated: boolean;
  close(): Promise<void>;
}

/** The real manual-control API (the same Hono app as the Lambda function URL) on 127.0.0.1:port. */
export async function serveApi(port: number, token: ApiToken): Promise<ServedApi> {
  const { entry, generated } = token;
  // Each request calls AWS with the API function's identity (identity.ts).
  const app = servedAs("api", createApp({ tokens: () => [entry] }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: HOST }, () => resolve(started));
    started.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        new EnvironmentError(
          `the API cannot listen on ${HOST}:${port} (${error.code ?? error.message}): choose another port with --port N`,
          { cause: error },
        ),
      ),
    );
  });
  return {
    url: `http://${HOST}:${port}`,
    token: entry.token,
    generated,
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      ),
  };
}
