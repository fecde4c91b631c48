import { parseArgs } from "node:util";
import { SIGNAL_SOURCES, type SignalSource } from "@ripcord/core/signals";
import { UsageError } from "./errors.ts";

export interface LocalOptions {
  /** A ripcord-scenario/1 file to replay instead of the built-in demo. */
  scenario?: string;
  /** Exit when the run is over instead of serving the API. */
  once: boolean;
  /** With --once: exactly one JSON summary on stdout, progress on stderr. */
  json: boolean;
  /** An AWS-compatible endpoint already running (state left in place) instead of a new moto. */
  endpoint?: string;
  /** The API's port. */
  port: number;
  /** The signal source of the demo, or of a replay (over the file's `signal`). */
  signal?: SignalSource;
}

export const DEFAULT_PORT = 8787;

export const LOCAL_USAGE = `Usage: ripcord local [options]

Runs Ripcord against a local AWS (moto): deploys it with a demo service, plays a bad release and
shows the rollback as it happens, then keeps the local endpoints up until Ctrl-C.

Options:
  --scenario FILE   replay a ripcord-scenario/1 file instead of the built-in demo
  --once            exit when the run is over instead of serving the API
  --json            with --once: print exactly one JSON summary on stdout (progress goes to stderr)
  --endpoint URL    use a moto server already running (it must be fresh for a replay; state is left in place)
  --port N          the API's port (default ${DEFAULT_PORT})
  --signal S        the signal source to watch with: url (the demo's default: the function URL's
                    5xx rate), lambda (Lambda's Errors: a web app's 500s never reach it), or emf
                    (the instrument's metrics; the demo uses 10 s periods); for a --scenario,
                    overrides its "signal" field
  -h, --help        show this help

Exit codes: 0 the run completed (whatever the outcome), 2 bad usage or invalid scenario file,
3 something missing in the environment (python3/moto, a port in use).`;

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UsageError(`--port takes a port number from 1 to 65535, got "${raw}"`);
  }
  return port;
}

function parseSignal(raw: string | undefined): SignalSource | undefined {
  if (raw === undefined) return undefined;
  const found = SIGNAL_SOURCES.find((source) => source === raw);
  if (found === undefined) {
    throw new UsageError(`--signal takes one of ${SIGNAL_SOURCES.join(", ")}, got "${raw}"`);
  }
  return found;
}

function parseEndpoint(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new UsageError(`--endpoint takes a URL such as http://127.0.0.1:5000, got "${raw}"`, {
      cause,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--endpoint must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

/** Parses `ripcord local` arguments; `help: true` when the user asked for the usage text. */
export function parseLocalOptions(argv: string[]): LocalOptions | { help: true } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        scenario: { type: "string" },
        once: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        endpoint: { type: "string" },
        port: { type: "string" },
        signal: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (cause) {
    throw new UsageError(
      `${cause instanceof Error ? cause.message : String(cause)}\n\n${LOCAL_USAGE}`,
      { cause },
    );
  }
  if (values.help) return { help: true };
  if (values.json && !values.once) {
    throw new UsageError(
      "--json needs --once: the JSON summary is printed when the run is over and the command exits",
    );
  }
  if (values.scenario === "") throw new UsageError("--scenario needs a file path");
  const endpoint = parseEndpoint(values.endpoint);
  const signal = parseSignal(values.signal);
  return {
    ...(signal !== undefined && { signal }),
    ...(values.scenario !== undefined && { scenario: values.scenario }),
    once: values.once,
    json: values.json,
    ...(endpoint !== undefined && { endpoint }),
    port: parsePort(values.port),
  };
}
