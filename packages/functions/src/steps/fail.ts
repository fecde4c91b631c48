import "../lib/jitless.ts";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

export const handler = stepHandler("fail", Rollback.RollbackState, (state) => Rollback.fail(state));
