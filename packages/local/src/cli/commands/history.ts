import { UsageError } from "../../errors.ts";
import { read } from "../client.ts";
import { stringOption, type Command } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { historyLine } from "../render.ts";
import { RollbackPage } from "../responses.ts";

export const history: Command = {
  usage: `Usage: ripcord history [service] [--limit N] [--cursor CURSOR]

Rollbacks, newest first, one page at a time (default 20); the last line says how to get the next page.`,
  options: { limit: { type: "string" }, cursor: { type: "string" } },
  positionals: [0, 1],
  async run(context) {
    const [service] = context.positionals;
    const limit = stringOption(context, "limit");
    if (limit !== undefined && !/^\d+$/.test(limit))
      throw new UsageError(`--limit takes a number from 1 to 100, got "${limit}"`);
    const cursor = stringOption(context, "cursor");
    const query = new URLSearchParams({
      ...(service && { service }),
      ...(limit && { limit }),
      ...(cursor && { cursor }),
    });
    const json = await context
      .api()
      .get(`/rollbacks${query.size > 0 ? `?${query.toString()}` : ""}`);
    if (context.json) {
      context.out(JSON.stringify(json, null, 2));
      return EXIT.ok;
    }
    const page = read(RollbackPage, json, "a page of rollbacks");
    if (page.items.length === 0) context.out(cursor ? "no more rollbacks" : "no rollbacks yet");
    for (const item of page.items) context.out(historyLine(item));
    if (page.cursor) {
      const again = [
        "ripcord history",
        service,
        limit && `--limit ${limit}`,
        `--cursor ${page.cursor}`,
      ]
        .filter(Boolean)
        .join(" ");
      context.out(`more: ${again}`);
    }
    return EXIT.ok;
  },
};
