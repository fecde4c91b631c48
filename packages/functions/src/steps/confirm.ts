import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

import * as z from "zod/mini";
const Input = z.extend(Rollback.RollbackState, {
  resolved: Rollback.Resolved,
  shift: Rollback.ShiftResult,
});

export const handler = stepHandler("confirm", Input, (state) =>
  Rollback.confirm(state, state.resolved, state.shift),
);
