import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = Rollback.RollbackState.extend({
  resolved: Rollback.Resolved,
  verify: Rollback.VerifyResult,
});

export const handler = stepHandler("shift", Input, (state) =>
  Rollback.shift(state.resolved, state.verify),
);
