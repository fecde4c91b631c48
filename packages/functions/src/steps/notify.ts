import "../lib/jitless.ts";
import * as z from "zod/mini";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";
import { log } from "../lib/logger.ts";

const Input = z.object({
  phase: z.enum(["skipped", "held", "shifted", "outcome"]),
  state: Rollback.RollbackState,
});

export const handler = stepHandler("notify", Input, async ({ phase, state }) => {
  const [result] = await Promise.all([
    Rollback.notify(phase, state),
    // Progress is a convenience for people watching; Record writes it all again, so a failure here
    // must not fail the step (its Retry would send the notification twice).
    Rollback.recordProgress(state).catch((error: unknown) =>
      log.warn("could not record progress", { id: state.id, error }),
    ),
  ]);
  return result;
});
