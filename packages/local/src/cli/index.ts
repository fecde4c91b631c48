import { UsageError } from "../errors.ts";
import { abort } from "./commands/abort.ts";
import { gate } from "./commands/gate.ts";
import { history } from "./commands/history.ts";
import { rollback } from "./commands/rollback.ts";
import { status } from "./commands/status.ts";
import { pause, resume } from "./commands/switches.ts";
import { watch } from "./commands/watch.ts";
import { COMMON_USAGE, contextFor, type Command } from "./context.ts";
import { EXIT, UnreachableError } from "./exit-codes.ts";
import { processIo, type CliIo } from "./io.ts";

const COMMANDS: Record<string, Command> = {
  status,
  rollback,
  history,
  pause,
  resume,
  abort,
  gate,
  watch,
};

export const USAGE = `Usage: ripcord <command> [arguments] [options]

Commands (over the Ripcord API; URL and token from --url/--token or RIPCORD_URL/RIPCORD_TOKEN):
  status [service]                          services, alias routing, releases, alarms, pause/freeze
  rollback <service> --reason "..." [--to V] start a rollback (to the known-good release by default)
  history [service]                         rollbacks, newest first
  pause [service] --reason "..."            pause automatic rollbacks (all services without one)
  resume [service]                          resume them (and lift the service's freeze)
  abort <id>                                stop a running rollback
  gate <service>                            for CI: may a deploy proceed?
  watch <id>                                follow a rollback step by step until it ends
  local                                     the offline sandbox (ripcord local --help)

${COMMON_USAGE}

Exit codes: ${EXIT.ok} done (gate: deploy may proceed; watch: rolled back), ${EXIT.refused} the API refused or failed the
request, ${EXIT.usage} bad usage, ${EXIT.unreachable} the API could not be reached, ${EXIT.no} gate: frozen / watch: ended without
rolling back. The reason goes to stderr. "ripcord <command> --help" shows a command's options.`;

/** Runs one API command (`argv[0]` is the command); returns the exit code. */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
      io.stdout.write(`${USAGE}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${USAGE}`);
    const context = contextFor(name, command, rest, io);
    return context ? await command.run(context) : EXIT.ok;
  } catch (error) {
    io.stderr.write(`ripcord: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof UnreachableError) return EXIT.unreachable;
  return EXIT.refused;
}
