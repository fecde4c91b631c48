import * as z from "zod/mini";
import { normaliseTimestamp } from "../workflow/alarm-event.ts";
import type { EvaluatedWindow } from "../workflow/input.ts";

export { knownUntil, publicationDelayMs } from "./publication.ts";

/**
 * A metric alarm's `state.reasonData` as CloudWatch writes it: a JSON string with the query date,
 * the start of the first evaluated period, the period and, for the evaluated periods (newest
 * first), their timestamps with a value where there was one. Samples: the CloudWatch User Guide,
 * "Alarm events and EventBridge" (tests/fixtures/cloudwatch-alarm-state-change) and "Invoke a
 * Lambda function from an alarm" (evaluatedDatapoints). A composite alarm writes
 * `triggeringAlarms` instead: no window. Loose: AWS adds fields over time.
 */
const ReasonData = z.looseObject({
  queryDate: z.optional(z.string()),
  startDate: z.optional(z.string()),
  period: z.optional(z.number().check(z.int(), z.positive())),
  evaluatedDatapoints: z.optional(z.array(z.looseObject({ timestamp: z.string() }))),
});

function parseReasonData(reasonData: unknown): z.output<typeof ReasonData> | undefined {
  if (typeof reasonData !== "string") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(reasonData);
  } catch {
    // Not JSON: CloudWatch's words for a change Ripcord did not make (SetAlarmState). No window in it.
    return undefined;
  }
  const parsed = ReasonData.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function timeMs(value: string | undefined): number | undefined {
  const iso = value === undefined ? undefined : normaliseTimestamp(value);
  return iso === undefined ? undefined : Date.parse(iso);
}

/**
 * The window the alarm evaluated, from its event's reasonData (docs/design.md "The decision"): its
 * last period is the newest evaluated datapoint, or else the alarm's evaluationPeriods-th period
 * from startDate (the start of the first evaluated period). AWS's samples agree on both: CloudWatch
 * evaluates the most recent datapoints it has, so the window can end well before queryDate (the
 * metric-math sample: query 17:20:48, period 300 s, its one datapoint 17:10). Undefined when the
 * event does not say (a composite alarm's triggeringAlarms, a period other than the one the config
 * now gives the alarm, a window that ends after the state change or after queryDate): Verify then
 * takes the periods surely published by "now".
 */
export function evaluatedWindow(
  reasonData: unknown,
  alarm: { periodSeconds: number; evaluationPeriods: number },
  stateChangeTime: string,
): EvaluatedWindow | undefined {
  const data = parseReasonData(reasonData);
  if (!data || (data.period !== undefined && data.period !== alarm.periodSeconds)) return undefined;
  const periodMs = alarm.periodSeconds * 1000;
  const evaluated = (data.evaluatedDatapoints ?? [])
    .map((point) => timeMs(point.timestamp))
    .filter((ms): ms is number => ms !== undefined);
  const startMs = timeMs(data.startDate);
  const lastMs =
    evaluated.length > 0
      ? Math.max(...evaluated)
      : startMs === undefined
        ? undefined
        : startMs + (alarm.evaluationPeriods - 1) * periodMs;
  if (lastMs === undefined) return undefined;
  const endMs = lastMs + periodMs;
  const queryMs = timeMs(data.queryDate);
  if (endMs > Date.parse(stateChangeTime) || (queryMs !== undefined && endMs > queryMs))
    return undefined;
  return { lastPeriodStart: new Date(lastMs).toISOString() };
}
