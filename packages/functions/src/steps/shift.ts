import "../lib/jitless.ts";
import * as z from "zod/mini";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = z.extend(Rollback.RollbackState, {
  resolved: Rollback.Resolved,
  verify: Rollback.VerifyResult,
});

export const handler = stepHandler("shift", Input, (state) =>
  Rollback.shift(state.resolved, state.verify),
);
