import type { SignalSource } from "@ripcord/core/signals";
import { evaluationIntervalSeconds } from "@ripcord/core/signals";
import { DEMO_ALARM, alarmTiming, demoAlarm, type AlarmTiming } from "./alarm.ts";
import { PIPELINE_MODEL, pipelineSeconds, type PipelineBreakdown } from "./pipeline.ts";

/*
 * Item 4 of the bench: how long after the demo's first bad request the alias is back, on
 * simulated AWS time, per source. Detection (CloudWatch: period, publication delay, M of N,
 * evaluation schedule) is the median over the first bad request's offset within its period
 * (docs/design.md "Signals"); Ripcord's share (alarm -> restored) comes from a stated model.
 */

/** The sources and periods the issue asks for, with their goals (first bad request -> restored). */
export const DETECTION_CASES: ReadonlyArray<{
  source: SignalSource;
  periodSeconds: number;
  goalSeconds: number;
}> = [
  { source: "url", periodSeconds: 60, goalSeconds: 300 },
  { source: "emf", periodSeconds: 10, goalSeconds: 60 },
];
/** Ripcord's own share, alarm -> restored, for every source. */
export const PIPELINE_GOAL_SECONDS = 10;
/** Offsets per period the median is taken over: evenly spaced, the period's start included; odd, so the median is one case. */
export const OFFSETS_PER_PERIOD = 101;

export interface DetectionBreakdown {
  /** M of N and the threshold, as the demo's alarm has them. */
  alarm: string;
  periodSeconds: number;
  evaluationIntervalSeconds: number;
  /** The first bad request's offset within its period in the median case. */
  offsetSeconds: number;
  /** From the first bad request to the end of the newest period the alarm evaluated when it fired (the M of N wait). */
  periodsSeconds: number;
  /** Periods breaching in the window that fired. */
  breachingPeriods: number;
  /** That period's publication delay (core/signals). */
  delaySeconds: number;
  /** From it being visible to the next evaluation. */
  scheduleSeconds: number;
  /** First bad request -> alarm: the sum of the three above. */
  alarmSeconds: number;
  /** Range of first bad request -> alarm over all offsets. */
  alarmSecondsRange: [number, number];
  /** Alarm -> alias restored on AWS, from the stated model. */
  pipeline: PipelineBreakdown;
  /** The whole model in words: traffic, alarm, offsets, the pipeline's constants. */
  model: string;
}

export interface DetectionFigure {
  source: SignalSource;
  periodSeconds: number;
  firstBadRequestToRestoredSeconds: number;
  goalSeconds: number;
  /** Ripcord's share (alarm -> restored) within PIPELINE_GOAL_SECONDS, the whole within goalSeconds. */
  met: boolean;
  breakdown: DetectionBreakdown;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** The offset case at the median of first bad request -> alarm. */
function medianCase(timings: readonly AlarmTiming[]): AlarmTiming {
  const detection = (t: AlarmTiming): number => t.alarmAtSeconds - t.offsetSeconds;
  const sorted = [...timings].sort((a, b) => detection(a) - detection(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new RangeError("no offsets to take a median over");
  return middle;
}

/** One source: every offset through the alarm, the median case's breakdown, the pipeline added. */
export function detectionOf(
  source: SignalSource,
  periodSeconds: number,
  goalSeconds: number,
  pipeline: PipelineBreakdown,
  model = "",
): DetectionFigure {
  const spec = demoAlarm(source, periodSeconds);
  const timings = Array.from({ length: OFFSETS_PER_PERIOD }, (_, i) =>
    alarmTiming(spec, (i * periodSeconds) / OFFSETS_PER_PERIOD),
  );
  const detections = timings.map((t) => t.alarmAtSeconds - t.offsetSeconds);
  const chosen = medianCase(timings);
  const alarmSeconds = round(chosen.alarmAtSeconds - chosen.offsetSeconds);
  const total = round(alarmSeconds + pipeline.totalSeconds);
  return {
    source,
    periodSeconds,
    firstBadRequestToRestoredSeconds: total,
    goalSeconds,
    met: total <= goalSeconds && pipeline.totalSeconds <= PIPELINE_GOAL_SECONDS,
    breakdown: {
      alarm: `error rate > ${DEMO_ALARM.errorRatePercent}%, ${DEMO_ALARM.datapointsToAlarm} of ${DEMO_ALARM.evaluationPeriods} periods`,
      periodSeconds,
      evaluationIntervalSeconds: evaluationIntervalSeconds(periodSeconds),
      offsetSeconds: round(chosen.offsetSeconds),
      periodsSeconds: round(chosen.lastNeededPeriodEndSeconds - chosen.offsetSeconds),
      breachingPeriods: chosen.breaching,
      delaySeconds: chosen.publicationDelaySeconds,
      scheduleSeconds: round(chosen.scheduleWaitSeconds),
      alarmSeconds,
      alarmSecondsRange: [round(Math.min(...detections)), round(Math.max(...detections))],
      pipeline,
      model,
    },
  };
}

/** Both sources, with the pipeline's round trips from this run's (or the last run's) time to restore. */
export function measureDetection(callsBeforeShift: number): DetectionFigure[] {
  const pipeline = pipelineSeconds(callsBeforeShift);
  const m = PIPELINE_MODEL;
  const model =
    `the demo's bad release (9% 5xx against 0.3%, ~1,400 requests a minute, expected counts), its alarm as core builds it; ` +
    `detection: the median over ${OFFSETS_PER_PERIOD} offsets of the first bad request within its period, publication delays and schedules of core/signals; ` +
    `pipeline: event delivery ${m.eventDeliverySeconds} s, ${pipeline.sequentialCalls} sequential AWS calls x ${m.perCallSeconds} s, ` +
    `${pipeline.statesToShift} states x ${m.perStateSeconds} s, cold starts (${pipeline.coldStarts.join(", ")}) x ${m.coldStartSeconds} s`;
  return DETECTION_CASES.map((c) =>
    detectionOf(c.source, c.periodSeconds, c.goalSeconds, pipeline, model),
  );
}
