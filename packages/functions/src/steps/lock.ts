import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = Rollback.RollbackState.extend({ resolved: Rollback.Resolved });

export const handler = stepHandler("lock", Input, (state) => Rollback.lock(state, state.resolved));
