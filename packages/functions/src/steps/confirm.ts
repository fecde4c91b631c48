import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = Rollback.RollbackState.extend({
  resolved: Rollback.Resolved,
  shift: Rollback.ShiftResult,
});

export const handler = stepHandler("confirm", Input, (state) =>
  Rollback.confirm(state, state.resolved, state.shift),
);
