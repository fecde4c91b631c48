import * as z from "zod/mini";

/**
 * The EventBridge "CloudWatch Alarm State Change" event, as much of it as Ripcord reads.
 * Loose objects: AWS adds fields over time, and an unknown field is no reason to drop an alarm.
 */
export const AlarmStateChangeEvent = z.looseObject({
  "detail-type": z.literal("CloudWatch Alarm State Change"),
  source: z.literal("aws.cloudwatch"),
  account: z.string().check(z.regex(/^\d{12}$/)),
  region: z.string().check(z.minLength(1)),
  time: z.string(),
  detail: z.looseObject({
    alarmName: z.string().check(z.minLength(1), z.maxLength(255)),
    state: z.looseObject({
      value: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]),
      reason: z.optional(z.string()),
      timestamp: z.string().check(z.minLength(1)),
    }),
    previousState: z.optional(
      z.looseObject({ value: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]) }),
    ),
  }),
});
export type AlarmStateChangeEvent = z.output<typeof AlarmStateChangeEvent>;

/** CloudWatch writes "2026-11-27T14:03:00.000+0000"; ISO-8601 wants "+00:00". */
export function normaliseTimestamp(value: string): string | undefined {
  const fixed = value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(fixed);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
