import "../lib/jitless.ts";
import * as z from "zod/mini";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = z.extend(Rollback.RollbackState, { resolved: Rollback.Resolved });

export const handler = stepHandler("invalidate", Input, (state) =>
  Rollback.invalidate(state.id, state.resolved),
);
