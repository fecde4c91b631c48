import { median, ratio, round, summarize, type Summary } from "../lib/stats.ts";
import { floorOnce, restoreOnce, type RestoreRun } from "./measure.ts";
import type { QuotaFigure } from "./quota.ts";
import type { BenchWorld } from "./world.ts";

/*
 * Items 1 and 2 of the bench: time to restore and fan-out, measured in one interleaved schedule
 * so that drift of this noisy machine hits every figure alike. Each round: one floor sample, one
 * restore of the 1- and the 10-function service, and every few rounds one of the 50-function service.
 */

export interface RestorePlan {
  /** Rounds of the schedule: samples of the floor and of the 1- and 10-function restores. */
  rounds: number;
  /** Rounds before the measured ones, to load modules and open connections. */
  warmupRounds: number;
  /** The 50-function service runs every this many rounds (1: every round, for the 20+ runs a sub-second figure needs). */
  fiftyEvery: number;
}

export const FROM =
  "the CloudWatch Alarm State Change event handed to Ripcord's real trigger handler (performance.now() before the call)";
export const TO =
  "the last UpdateAlias response relayed to the shift handler by the counting proxy in front of moto";
const FLOOR_FROM =
  "performance.now() before Ripcord's own Lambda.updateAlias adapter call (a warm SDK client, through the same counting proxy to the same moto)";
const FLOOR_TO = "performance.now() after that call returned";

interface StepFigure {
  step: string;
  medianStartMs: number;
  medianEndMs: number;
  medianMs: number;
}

export interface TimeToRestore extends Summary {
  updateAliasRttMs: number;
  ratio: number | null;
  target: string;
  callsBeforeShift: number;
  /** Sequential round trips of the median run, with each wave's calls. */
  waves: Array<{ calls: string[]; medianMs: number }>;
  steps: StepFigure[];
  /** Median time waiting on AWS round trips before the shift and for UpdateAlias; the rest is Ripcord's code and the local engine. */
  awsWaitMs: number;
  from: string;
  to: string;
  floor: Summary & { from: string; to: string };
}

export interface FanOut {
  "1": number;
  "10": number;
  "50": number;
  ratio50to1: number | null;
  target: string;
  runs: Record<string, Summary>;
  from: string;
  to: string;
  /** Under Lambda's emulated control-plane quota (restore/quota.ts), against its floor. */
  quota?: QuotaFigure[];
  quotaModel?: string;
}

function stepFigures(runs: readonly RestoreRun[]): StepFigure[] {
  const order = runs[0]?.steps.map((s) => s.step) ?? [];
  return order.map((step, i) => {
    const spans = runs.map((run) => run.steps[i]).filter((span) => span?.step === step);
    return {
      step,
      medianStartMs: round(median(spans.map((s) => s?.startMs ?? 0))),
      medianEndMs: round(median(spans.map((s) => s?.endMs ?? 0))),
      medianMs: round(median(spans.map((s) => (s?.endMs ?? 0) - (s?.startMs ?? 0)))),
    };
  });
}

function waveFigures(runs: readonly RestoreRun[]): TimeToRestore["waves"] {
  const count = median(runs.map((run) => run.wavesBeforeShift.length));
  const alike = runs.filter((run) => run.wavesBeforeShift.length === count);
  return (alike[0]?.wavesBeforeShift ?? []).map((wave, i) => ({
    calls: wave.calls,
    medianMs: round(
      median(
        alike.map(
          (run) => (run.wavesBeforeShift[i]?.end ?? 0) - (run.wavesBeforeShift[i]?.start ?? 0),
        ),
      ),
    ),
  }));
}

export async function measureRestore(
  world: BenchWorld,
  plan: RestorePlan,
  progress: (message: string) => void,
): Promise<{ timeToRestore: TimeToRestore; fanOut: FanOut }> {
  const bySize = new Map(world.services.map((service) => [service.functions.length, service]));
  const one = bySize.get(1);
  const ten = bySize.get(10);
  const fifty = bySize.get(50);
  if (!one || !ten || !fifty)
    throw new RangeError("the bench world needs services of 1, 10 and 50 functions");
  const runs: Record<"1" | "10" | "50", RestoreRun[]> = { "1": [], "10": [], "50": [] };
  const floor: number[] = [];
  const total = plan.warmupRounds + plan.rounds;
  for (let round = 0; round < total; round++) {
    const measured = round >= plan.warmupRounds;
    const floorSample = await floorOnce(world);
    const oneRun = await restoreOnce(world, one, round);
    const tenRun = await restoreOnce(world, ten, round);
    const fiftyRun =
      round % plan.fiftyEvery === 0 || !measured
        ? await restoreOnce(world, fifty, round)
        : undefined;
    if (!measured) continue;
    floor.push(floorSample);
    runs["1"].push(oneRun);
    runs["10"].push(tenRun);
    if (fiftyRun) runs["50"].push(fiftyRun);
    progress(
      `restore round ${round - plan.warmupRounds + 1}/${plan.rounds}: 1 fn ${oneRun.restoreMs.toFixed(0)} ms, 10 fn ${tenRun.restoreMs.toFixed(0)} ms${fiftyRun ? `, 50 fn ${fiftyRun.restoreMs.toFixed(0)} ms` : ""}`,
    );
  }

  const restore = summarize(runs["1"].map((run) => run.restoreMs));
  const floorSummary = summarize(floor);
  const waves = waveFigures(runs["1"]);
  const fanOut = Object.fromEntries(
    (["1", "10", "50"] as const).map((size) => [
      size,
      summarize(runs[size].map((run) => run.restoreMs)),
    ]),
  );
  const medianOf = (size: "1" | "10" | "50"): number => fanOut[size]?.medianMs ?? 0;
  return {
    timeToRestore: {
      ...restore,
      updateAliasRttMs: floorSummary.medianMs,
      ratio: ratio(restore.medianMs, floorSummary.medianMs),
      target: "ratio at most 10; callsBeforeShift at most 6",
      callsBeforeShift: median(runs["1"].map((run) => run.wavesBeforeShift.length)),
      waves,
      steps: stepFigures(runs["1"]),
      awsWaitMs: round(waves.reduce((sum, wave) => sum + wave.medianMs, 0) + floorSummary.medianMs),
      from: FROM,
      to: TO,
      floor: { ...floorSummary, from: FLOOR_FROM, to: FLOOR_TO },
    },
    fanOut: {
      "1": medianOf("1"),
      "10": medianOf("10"),
      "50": medianOf("50"),
      ratio50to1: ratio(medianOf("50"), medianOf("1")),
      target: "ratio50to1 at most 3",
      runs: fanOut,
      from: FROM,
      to: `${TO} (the last of the service's aliases)`,
    },
  };
}
