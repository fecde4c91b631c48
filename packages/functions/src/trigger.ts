import "./lib/jitless.ts";
import middy from "@middy/core";
import * as Rollback from "@ripcord/core/rollback";
import { log } from "./lib/logger.ts";

/**
 * EventBridge -> one execution per alarm state change, or a watch-only service's notification;
 * everything else is ignored with a log line.
 */
export const handler = middy(async (event: unknown) => {
  const result = await Rollback.trigger(event);
  if (result.started)
    log.info(
      result.duplicate ? "duplicate alarm delivery, execution already exists" : "rollback started",
      result,
    );
  else if ("watchOnly" in result) log.info("watch-only alarm notified, no rollback", { ...result });
  else log.warn("event ignored", { reason: result.ignored });
  return result;
});
