import type { StepFunction } from "@ripcord/core/workflow";
import { handler as checkInvalidation } from "@ripcord/functions/steps/check-invalidation";
import { handler as confirm } from "@ripcord/functions/steps/confirm";
import { handler as fail } from "@ripcord/functions/steps/fail";
import { handler as invalidate } from "@ripcord/functions/steps/invalidate";
import { handler as lock } from "@ripcord/functions/steps/lock";
import { handler as notify } from "@ripcord/functions/steps/notify";
import { handler as record } from "@ripcord/functions/steps/record";
import { handler as resolve } from "@ripcord/functions/steps/resolve";
import { handler as shift } from "@ripcord/functions/steps/shift";
import { handler as verify } from "@ripcord/functions/steps/verify";
import type { LambdaHandler } from "./stepfunctions/index.ts";

export { handler as trigger } from "@ripcord/functions/trigger";

/** The real Lambda handler behind every step of the state machine; the type makes a missing step a compile error. */
export const STEP_HANDLERS: Record<StepFunction, LambdaHandler> = {
  resolve,
  lock,
  verify,
  shift,
  notify,
  invalidate,
  checkInvalidation,
  confirm,
  record,
  fail,
};
