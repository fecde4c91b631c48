import { setTimeout as sleep } from "node:timers/promises";
import { median, ratio, round } from "../lib/stats.ts";
import { CONTROL_PLANE_PER_SECOND, lambdaQuota } from "../../tests/support/lambda-quota.ts";
import { restoreOnce, type RestoreRun } from "./measure.ts";
import type { AwsCall } from "./waves.ts";
import type { BenchService, BenchWorld } from "./world.ts";

/*
 * Fan-out under Lambda's control-plane quota (15 requests per second per account and region,
 * GetFunction 100/s), emulated by the counting proxy on the real clock. Each run starts with the
 * quota's bucket full, as after a quiet second. The floor for a run is the time the quota itself
 * imposes on the control-plane calls on the path, max(0, calls - 15) / 15 s, plus one unthrottled
 * restore (the median restore of the one-function service under the same quota: its two calls fit
 * in the burst). The calls on the path are counted without retries: one per operation and
 * resource (a retried call, or a step run again, sends the same one twice); what was sent in all
 * is reported beside them.
 */

/** Lambda operations outside the control-plane budget. */
const OUTSIDE_BUDGET = new Set(["GetFunction", "Invoke", "GetPolicy"]);
/** Run numbers of these runs start past the unthrottled schedule's, so tables and execution names stay distinct. */
const RUN_OFFSET = 30;

export interface QuotaFigure {
  functions: number;
  /** Control-plane calls on the path from the alarm to the last UpdateAlias, retries left out (median over runs). */
  controlPlaneCalls: number;
  controlPlaneCallsPerFunction: number;
  /** Control-plane requests Lambda admitted on that path, retries and steps run again included (median). */
  controlPlaneRequests: number;
  floorMs: number;
  medianMs: number;
  ratioToFloor: number | null;
  /** Aliases not restored, over every run (a run that failed counts all its functions). */
  failedShifts: number;
  /** Requests the emulated quota refused, over every run (the SDK retried them). */
  throttled: number;
  runs: number;
}

export interface FanOutQuota {
  figures: QuotaFigure[];
  target: string;
  model: string;
}

interface QuotaRun {
  run: RestoreRun | undefined;
  controlPlaneCalls: number;
  controlPlaneRequests: number;
  throttled: number;
  /** Refusals by operation, for the progress line: "UpdateAlias 3, GetAlias 1". */
  throttledBy: string;
}

/** A call's identity without its attempt: the operation and the resource (path without query). */
function callKey(call: AwsCall): string {
  return `${call.operation} ${call.request?.path.split("?")[0] ?? ""}`;
}

async function quotaRun(world: BenchWorld, service: BenchService, n: number): Promise<QuotaRun> {
  const quota = lambdaQuota();
  // The reset before the run is no part of it: it runs without the quota, then a quiet second
  // refills the adapter's pacing bucket as it refills Lambda's.
  world.proxy.setLambdaQuota(undefined);
  try {
    const run = await restoreOnce(world, service, RUN_OFFSET + n, async () => {
      await sleep(1100);
      world.proxy.setLambdaQuota(quota);
    });
    const restoredAt = Math.max(
      ...world.proxy.calls
        .filter((call) => call.service === "lambda" && call.operation === "UpdateAlias")
        .map((call) => call.end),
    );
    const onPath = world.proxy.calls.filter(
      (call) =>
        call.service === "lambda" &&
        !OUTSIDE_BUDGET.has(call.operation) &&
        call.start <= restoredAt,
    );
    return {
      run,
      controlPlaneCalls: new Set(onPath.map(callKey)).size,
      controlPlaneRequests: onPath.length,
      throttled: sum(quota.throttled.values()),
      throttledBy: byOperation(quota.throttled),
    };
  } catch (error) {
    // A run that failed is a figure (failedShifts), not the end of the bench: say why on stderr.
    process.stderr.write(
      `quota run ${n + 1} of ${service.name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return {
      run: undefined,
      controlPlaneCalls: 0,
      controlPlaneRequests: 0,
      throttled: sum(quota.throttled.values()),
      throttledBy: byOperation(quota.throttled),
    };
  } finally {
    world.proxy.setLambdaQuota(undefined);
  }
}

function byOperation(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([operation, n]) => `${operation} ${n}`).join(", ");
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export async function measureQuota(
  world: BenchWorld,
  runsBySize: ReadonlyArray<[functions: number, runs: number]>,
  progress: (message: string) => void,
): Promise<FanOutQuota> {
  const results = new Map<number, QuotaRun[]>();
  for (const [size, runs] of runsBySize) {
    const service = world.services.find((s) => s.functions.length === size);
    if (!service) throw new RangeError(`the bench world has no service of ${size} functions`);
    const done: QuotaRun[] = [];
    for (let n = 0; n < runs; n++) {
      const result = await quotaRun(world, service, n);
      done.push(result);
      progress(
        `quota ${size} fn run ${n + 1}/${runs}: ${result.run ? `${result.run.restoreMs.toFixed(0)} ms` : "FAILED"}, ${result.controlPlaneCalls} control-plane calls (${result.controlPlaneRequests} requests), ${result.throttled} throttled${result.throttledBy ? ` (${result.throttledBy})` : ""}`,
      );
    }
    results.set(size, done);
  }
  const restoreOf = (runs: readonly QuotaRun[]): number[] =>
    runs.flatMap((r) => (r.run ? [r.run.restoreMs] : []));
  const smallest = Math.min(...runsBySize.map(([size]) => size));
  const unthrottled = median(restoreOf(results.get(smallest) ?? []));
  const figures = runsBySize.map(([size]): QuotaFigure => {
    const runs = results.get(size) ?? [];
    const ok = runs.filter((r) => r.run);
    const calls = median(ok.map((r) => r.controlPlaneCalls));
    const floorMs =
      (Math.max(0, calls - CONTROL_PLANE_PER_SECOND) / CONTROL_PLANE_PER_SECOND) * 1000 +
      unthrottled;
    const medianMs = median(restoreOf(runs));
    return {
      functions: size,
      controlPlaneCalls: calls,
      controlPlaneCallsPerFunction: round(calls / size),
      controlPlaneRequests: median(ok.map((r) => r.controlPlaneRequests)),
      floorMs: round(floorMs),
      medianMs: round(medianMs),
      ratioToFloor: ratio(medianMs, floorMs),
      failedShifts: (runs.length - ok.length) * size,
      throttled: sum(runs.map((r) => r.throttled)),
      runs: runs.length,
    };
  });
  return {
    figures,
    target: "ratioToFloor at most 1.25 at 50 and 200 functions; no failed shift",
    model: `Lambda's control-plane quota emulated by the counting proxy: a token bucket of ${CONTROL_PLANE_PER_SECOND}, full at each run's start, refilled at ${CONTROL_PLANE_PER_SECOND}/s (GetFunction 100/s); 429 TooManyRequestsException with Retry-After beyond it. Floor: max(0, control-plane calls on the path, retries left out - ${CONTROL_PLANE_PER_SECOND}) / ${CONTROL_PLANE_PER_SECOND} s plus the median restore of the ${smallest}-function service under the same quota`,
  };
}
