import type { StepFunction } from "@ripcord/core/workflow";
import { handler as reconcilerHandler } from "@ripcord/functions/reconciler";
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
import { handler as triggerHandler } from "@ripcord/functions/trigger";
import { asRole } from "./identity.ts";
import type { LambdaHandler } from "./stepfunctions/index.ts";

/*
 * The real Lambda handlers, each calling AWS with its own role's identity (identity.ts), as each
 * runs with its own IAM role on AWS. The role names are infra's (infra/permissions.ts).
 */

/** The real Lambda handler behind every step of the state machine; the type makes a missing step a compile error. */
export const STEP_HANDLERS: Record<StepFunction, LambdaHandler> = {
  resolve: asRole("resolve", resolve),
  lock: asRole("lock", lock),
  verify: asRole("verify", verify),
  shift: asRole("shift", shift),
  notify: asRole("notify", notify),
  invalidate: asRole("invalidate", invalidate),
  checkInvalidation: asRole("checkInvalidation", checkInvalidation),
  confirm: asRole("confirm", confirm),
  record: asRole("record", record),
  fail: asRole("fail", fail),
};

export const trigger: LambdaHandler = asRole("trigger", triggerHandler);

export const reconciler: LambdaHandler = asRole("reconciler", reconcilerHandler);
