import * as History from "@ripcord/core/history";
import { UsageError } from "../../errors.ts";
import { read } from "../client.ts";
import { stringOption, type Command, type CommandContext } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { outcomeLines, stepLine, time } from "../render.ts";
import { RollbackDetail } from "../responses.ts";

const DEFAULT_INTERVAL_SECONDS = 2;
/** Statuses in which the aliases returned to their targets. */
const SHIFTED = new Set<string>(History.SHIFTED);

function intervalMs(context: CommandContext): number {
  const raw = stringOption(context, "interval");
  if (raw === undefined) return DEFAULT_INTERVAL_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 60)
    throw new UsageError(`--interval takes seconds from 0.1 to 60, got "${raw}"`);
  return Math.round(seconds * 1000);
}

/**
 * Follows a rollback until it ends: each step as it is recorded, then the outcome. Exit 0 when the
 * aliases shifted, 4 (the reason on stderr) when it ended any other way.
 */
export async function follow(context: CommandContext, id: string): Promise<number> {
  const pause = intervalMs(context);
  const path = `/rollbacks/${encodeURIComponent(id)}`;
  const shown = new Set<string>();
  let announced = false;
  for (;;) {
    const json = await context.api().get(path);
    const rollback = read(RollbackDetail, json, "a rollback");
    if (!context.json && !announced) {
      const why =
        rollback.source === "manual"
          ? `${rollback.actor ?? "someone"}: ${rollback.reason ?? ""}`
          : (rollback.reason ?? "alarm");
      context.out(
        `${rollback.id}: ${rollback.service}, started ${time(rollback.startedAt)} (${why})`,
      );
      announced = true;
    }
    for (const step of rollback.steps) {
      const key = `${step.startedAt}#${step.name}`;
      if (shown.has(key)) continue;
      shown.add(key);
      if (!context.json) context.out(stepLine(step));
    }
    const died =
      rollback.status === "running" &&
      rollback.execution !== undefined &&
      rollback.execution.status !== "RUNNING";
    if (rollback.status !== "running" || died) {
      if (context.json) context.out(JSON.stringify(json, null, 2));
      else context.out(outcomeLines(rollback).join("\n"));
      if (died) {
        context.err(
          `ripcord: the execution ended ${rollback.execution?.status} without recording an outcome${rollback.execution?.error ? `: ${rollback.execution.error}` : ""}`,
        );
        return EXIT.no;
      }
      if (SHIFTED.has(rollback.status)) return EXIT.ok;
      context.err(
        `ripcord: rollback ${rollback.id} ended ${rollback.status}${rollback.decision ? `: ${rollback.decision.reason}` : ""}`,
      );
      return EXIT.no;
    }
    await context.io.sleep(pause);
  }
}

export const watch: Command = {
  usage: `Usage: ripcord watch <rollback-id> [--interval SECONDS]

Follows a rollback live, step by step, until it ends. Exit 0 when the aliases shifted; 4 when it
ended held, failed or aborted (the reason on stderr). With --json: the final rollback as JSON.`,
  options: { interval: { type: "string" } },
  positionals: [1, 1],
  run: (context) => follow(context, context.positionals[0] ?? ""),
};
