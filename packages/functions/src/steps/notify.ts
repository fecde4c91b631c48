import { z } from "zod";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = z.object({
  phase: z.enum(["skipped", "held", "shifted", "outcome"]),
  state: Rollback.RollbackState,
});

export const handler = stepHandler("notify", Input, ({ phase, state }) => Rollback.notify(phase, state));
