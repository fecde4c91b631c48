import middy from "@middy/core";
import * as z from "zod/mini";
import { InputError } from "@ripcord/core/errors";
import { describeIssues } from "@ripcord/core/config";
import { log } from "./logger.ts";

const Warmup = z.object({ warmup: z.literal(true) });

/**
 * A state's handler: answers the reconciler's warm-up ping without work, parses its input with the
 * step's schema, stamps the result with its wall-clock timing, logs one line, and lets errors
 * propagate (Step Functions retries or catches them; the SST Console's Issues tab sees them).
 */
export function stepHandler<Schema extends z.core.$ZodType, Result extends object>(
  step: string,
  schema: Schema,
  run: (input: z.output<Schema>) => Promise<Result>,
) {
  return middy(async (event: unknown) => {
    if (Warmup.safeParse(event).success) return { warm: true };
    // zod/mini's safeParse takes a classic schema as well as a mini one (both are core schemas).
    const parsed = z.safeParse(schema, event);
    if (!parsed.success)
      throw new InputError(
        `${step}: the state input is not what this step expects:\n${describeIssues(parsed.error)}`,
      );
    const startedAt = new Date().toISOString();
    try {
      const result = await run(parsed.data);
      const endedAt = new Date().toISOString();
      log.info(`${step} done`, { step, ms: Date.parse(endedAt) - Date.parse(startedAt) });
      return { ...result, timing: { startedAt, endedAt } };
    } catch (error) {
      log.error(`${step} failed`, { step, error });
      throw error;
    }
  });
}
