import { UsageError } from "../../errors.ts";
import { read } from "../client.ts";
import { listOption, stringOption, type Command, type CommandContext } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { Accepted } from "../responses.ts";
import { follow } from "./watch.ts";

/** --to 7 (a service of one function) or --to fn=7, repeated (any service). */
function targets(context: CommandContext): { toVersion?: string; to?: Record<string, string> } {
  const given = listOption(context, "to");
  if (given.length === 0) return {};
  const named = given.filter((value) => value.includes("="));
  if (named.length === 0 && given.length === 1) return { toVersion: given[0] };
  if (named.length !== given.length)
    throw new UsageError(
      '--to takes either one version ("--to 7") or function=version pairs ("--to api=7 --to worker=3")',
    );
  return {
    to: Object.fromEntries(
      named.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
    ),
  };
}

export const rollback: Command = {
  usage: `Usage: ripcord rollback <service> --reason "..." [--to VERSION | --to FUNCTION=VERSION ...] [--verify] [--dry-run] [--watch]

Starts a rollback of every function of the service; each returns to its last known-good release
unless --to names a version. --verify runs the verification first, --dry-run decides without moving
anything, --watch follows it until it ends (exit codes as ripcord watch).`,
  options: {
    reason: { type: "string" },
    to: { type: "string", multiple: true },
    verify: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    watch: { type: "boolean", default: false },
    interval: { type: "string" },
  },
  positionals: [1, 1],
  async run(context) {
    const [service] = context.positionals;
    const reason = stringOption(context, "reason");
    if (!reason?.trim())
      throw new UsageError(
        'rollback needs --reason "...": it goes into the history and the notification',
      );
    const body = {
      service,
      reason,
      ...targets(context),
      ...(context.options.verify === true && { verify: true }),
      ...(context.options["dry-run"] === true && { dryRun: true }),
    };
    const json = await context.api().post("/rollbacks", body);
    const started = read(Accepted, json, "a started rollback");
    if (context.options.watch === true) return follow(context, started.id);
    if (context.json) context.out(JSON.stringify(json, null, 2));
    else
      context.out(
        `started rollback ${started.id} of ${service}\nfollow it: ripcord watch ${started.id}`,
      );
    return EXIT.ok;
  },
};
