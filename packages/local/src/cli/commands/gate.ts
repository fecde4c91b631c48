import { read } from "../client.ts";
import type { Command } from "../context.ts";
import { ApiError, EXIT } from "../exit-codes.ts";
import { GateOpen } from "../responses.ts";

export const gate: Command = {
  usage: `Usage: ripcord gate <service>

For CI, before a deploy: exit 0 when the deploy may proceed; exit 4 with the reason on stderr while
the service is frozen after a rollback (until someone resumes it or registers a fixed release).`,
  options: {},
  positionals: [1, 1],
  async run(context) {
    const [service = ""] = context.positionals;
    try {
      const json = await context.api().get(`/services/${encodeURIComponent(service)}/gate`);
      read(GateOpen, json, "a gate answer");
      if (context.json) context.out(JSON.stringify(json, null, 2));
      else context.out(`${service}: a deploy may proceed`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 423) throw error;
      if (context.json) context.out(JSON.stringify(error.problem, null, 2));
      context.err(`ripcord: ${error.message}`);
      return EXIT.no;
    }
  },
};
