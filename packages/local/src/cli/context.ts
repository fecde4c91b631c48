import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.ts";
import { ApiClient } from "./client.ts";
import type { CliIo } from "./io.ts";

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** Options every API command takes. */
export const COMMON_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies OptionsConfig;

export const COMMON_USAGE = `Common options:
  --url URL       the Ripcord API (default: RIPCORD_URL)
  --token TOKEN   a bearer token (default: RIPCORD_TOKEN)
  --json          print the API's answer as JSON (for scripts)
  -h, --help      show this help`;

/** What a command runs with: its parsed arguments, the API, and where to write. */
export interface CommandContext {
  positionals: string[];
  /** The command's own options as given (strings and booleans; repeated options as lists). */
  options: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  io: CliIo;
  /** Built on first use, so --help and usage errors need no URL or token. */
  api(): ApiClient;
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  usage: string;
  options: OptionsConfig;
  /** How many positionals: [min, max]. */
  positionals: [number, number];
  run(context: CommandContext): Promise<number>;
}

function connectionOf(values: { url?: string; token?: string }, env: NodeJS.ProcessEnv) {
  const url = values.url ?? env.RIPCORD_URL;
  const token = values.token ?? env.RIPCORD_TOKEN;
  if (!url)
    throw new UsageError(
      "no API URL: pass --url or set RIPCORD_URL (ripcord local prints its URL)",
    );
  if (!/^https?:\/\/[^/\s]+/i.test(url))
    throw new UsageError(`the API URL must be http(s)://host[:port], got "${url}"`);
  if (!token)
    throw new UsageError(
      "no API token: pass --token or set RIPCORD_TOKEN (ripcord local prints one)",
    );
  return { url: url.replace(/\/+$/, ""), token };
}

/** Parses a command's arguments; `undefined` when the user asked for its help (already printed). */
export function contextFor(
  name: string,
  command: Command,
  argv: string[],
  io: CliIo,
): CommandContext | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...COMMON_OPTIONS, ...command.options },
    });
  } catch (cause) {
    throw new UsageError(
      `${cause instanceof Error ? cause.message : String(cause)}\n\n${command.usage}`,
      { cause },
    );
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(`${command.usage}\n\n${COMMON_USAGE}\n`);
    return undefined;
  }
  const [min, max] = command.positionals;
  if (positionals.length < min || positionals.length > max) {
    throw new UsageError(
      `${name}: ${positionals.length < min ? "missing an argument" : `unexpected argument "${positionals[max]}"`}\n\n${command.usage}`,
    );
  }
  let client: ApiClient | undefined;
  const connection = {
    url: typeof values.url === "string" ? values.url : undefined,
    token: typeof values.token === "string" ? values.token : undefined,
  };
  return {
    positionals,
    options: values,
    json: values.json === true,
    io,
    api: () => (client ??= new ApiClient(connectionOf(connection, io.env), io)),
    out: (text) => io.stdout.write(`${text}\n`),
    err: (text) => io.stderr.write(`${text}\n`),
  };
}

/** A string option's value, if given. */
export function stringOption(context: CommandContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === "string" ? value : undefined;
}

export function listOption(context: CommandContext, name: string): string[] {
  const value = context.options[name];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? [value] : [];
}
