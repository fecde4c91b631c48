import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = Rollback.RollbackState.extend({ resolved: Rollback.Resolved });

export const handler = stepHandler("invalidate", Input, (state) =>
  Rollback.invalidate(state.id, state.resolved),
);
