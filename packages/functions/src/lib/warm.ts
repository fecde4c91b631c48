import { Invoke } from "@ripcord/core/aws";
import { log } from "./logger.ts";

/**
 * Ripcord's functions run rarely, so they would be cold exactly when a rollback starts. The
 * reconciler pings the steps on the path to the shift (RIPCORD_WARM_FUNCTIONS, set by infra)
 * every minute; a failed ping is logged, it is no reason to fail the tick.
 */
export async function warmPreShiftSteps(): Promise<void> {
  const arns = (process.env.RIPCORD_WARM_FUNCTIONS ?? "").split(",").filter(Boolean);
  await Promise.all(
    arns.map(async (arn) => {
      try {
        const result = await Invoke.invoke(arn, { warmup: true });
        if (result.functionError)
          log.warn("warm-up ping failed", { arn, error: result.functionError });
      } catch (error) {
        log.warn("warm-up ping failed", { arn, error });
      }
    }),
  );
}
