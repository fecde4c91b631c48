import { read } from "../client.ts";
import { stringOption, type Command } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { Aborted } from "../responses.ts";

export const abort: Command = {
  usage: `Usage: ripcord abort <rollback-id> [--reason "..."]

Stops a running rollback and releases the service's lock. Aliases it already moved stay where they are.`,
  options: { reason: { type: "string" } },
  positionals: [1, 1],
  async run(context) {
    const [id = ""] = context.positionals;
    const reason = stringOption(context, "reason");
    const json = await context
      .api()
      .post(`/rollbacks/${encodeURIComponent(id)}/abort`, reason ? { reason } : {});
    const aborted = read(Aborted, json, "an aborted rollback");
    if (context.json) context.out(JSON.stringify(json, null, 2));
    else
      context.out(
        `aborted ${aborted.id} (recorded as ${aborted.actor}${reason ? `: ${reason}` : ""})`,
      );
    return EXIT.ok;
  },
};
