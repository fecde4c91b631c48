import * as z from "zod";
import { Lambda, LambdaPacing, Store } from "@ripcord/core/aws";
import * as Rollback from "@ripcord/core/rollback";
import * as Provision from "@ripcord/local/provision";
import { replay } from "@ripcord/local/history";
import { alarmStateChangeEvent } from "@ripcord/local/alarms";
import { sequentialWaves, type Wave } from "./waves.ts";
import {
  BAD_VERSION,
  GOOD_VERSION,
  inBatches,
  RELEASED_MINUTES_AGO,
  type BenchService,
  type BenchWorld,
} from "./world.ts";

const MINUTE_MS = 60_000;
/** Distinct state-change times (and so execution names) per run stay within "now"'s minute. */
const MAX_RUNS_PER_SERVICE = 59;

/** What the trigger handler returns (core's TriggerResult), read back across the Lambda JSON boundary. */
const TriggerResult = z.union([
  z.looseObject({ started: z.literal(true), executionArn: z.string(), duplicate: z.boolean() }),
  z.looseObject({ started: z.literal(false), ignored: z.string() }),
]);

export interface RestoreRun {
  service: string;
  functions: number;
  /** From the event handed to the trigger to the last UpdateAlias response. */
  restoreMs: number;
  /** Each step's start and end, in ms after the event was handed to the trigger. */
  steps: Array<{ step: string; startMs: number; endMs: number }>;
  /** AWS round trips before the first UpdateAlias, calls in parallel grouped into one. */
  wavesBeforeShift: Wave[];
  updateAliasCalls: number;
}

/**
 * A clean slate for one run: a fresh Ripcord table (no lock, cooldown or daily count from an
 * earlier run; the shift count seeded empty, as the reconciler's first tick leaves it), each
 * function's ledger (1 known-good, 2 current) and its alias back on the bad release.
 */
export async function resetService(
  world: BenchWorld,
  service: BenchService,
  run: number,
): Promise<void> {
  const table = `bench-${service.name}-run-${run}`;
  await Provision.createTable(table);
  process.env.RIPCORD_TABLE = table;
  const nowMs = Date.parse(service.now);
  const history = [
    {
      version: GOOD_VERSION,
      at: new Date(nowMs - RELEASED_MINUTES_AGO[GOOD_VERSION] * MINUTE_MS).toISOString(),
    },
    {
      version: BAD_VERSION,
      at: new Date(nowMs - RELEASED_MINUTES_AGO[BAD_VERSION] * MINUTE_MS).toISOString(),
    },
  ];
  const ledger = replay(history, service.now, 60);
  // A deployed service's shift count exists from the reconciler's first tick (core/rollback/reconcile.ts).
  await Store.seedShiftCount(service.name, service.now);
  await inBatches(service.functions, 8, async (fn) => {
    await Store.saveLedger(fn, service.alias, ledger, 0);
    // The bad release took traffic 10 minutes ago: the reconciler's ticks since have summarised the
    // known-good version's baseline hour (core/rollback/baseline.ts; up to SUMMARIES_PER_TICK a
    // tick, so every function of a 200-function service within those ticks).
    const summary = await Rollback.keepBaselineSummary(
      fn,
      service.alias,
      ledger,
      undefined,
      service.now,
      { left: 1 },
    );
    if (summary !== "kept")
      throw new Error(
        `${fn}: the reconciler would have kept its baseline summary, got "${summary}"`,
      );
    const alias = await Lambda.getAlias(fn, service.alias);
    await Lambda.updateAlias({
      fn,
      alias: service.alias,
      version: BAD_VERSION,
      revisionId: alias.revisionId,
    });
  });
}

/** One measured rollback: the alarm's state-change event handed to the real trigger, the state machine run to its end. */
export async function restoreOnce(
  world: BenchWorld,
  service: BenchService,
  run: number,
  /** After the reset, before the alarm: the quota runs wait for a full bucket and switch the quota on. */
  afterReset?: () => Promise<void>,
): Promise<RestoreRun> {
  if (run >= MAX_RUNS_PER_SERVICE)
    throw new RangeError(`at most ${MAX_RUNS_PER_SERVICE} runs per service`);
  await resetService(world, service, run);
  // The reset is no part of the run: the adapter's pacing starts full, as Lambda's budget after a quiet second.
  LambdaPacing.resetPacing();
  await afterReset?.();
  const stateChangeTime = new Date(Date.parse(service.now) + (run + 1) * 1000).toISOString();
  const event = alarmStateChangeEvent(service.check, stateChangeTime, { value: "OK" });
  world.proxy.calls.length = 0;
  world.steps.length = 0;

  const handedAt = performance.now();
  const started = TriggerResult.parse(await world.trigger(event));
  const triggeredAt = performance.now();
  if (!started.started)
    throw new Error(`the trigger ignored the bench's alarm event: ${started.ignored}`);
  const execution = await world.sfn.finished(started.executionArn);

  const updates = world.proxy.calls.filter(
    (call) => call.service === "lambda" && call.operation === "UpdateAlias",
  );
  if (execution.status !== "SUCCEEDED" || updates.length !== service.functions.length) {
    throw new Error(
      `run ${run} of ${service.name}: execution ${execution.status}, ${updates.length} of ${service.functions.length} aliases updated (output: ${(execution.output ?? execution.cause ?? "").slice(0, 400)})`,
    );
  }
  const firstShift = Math.min(...updates.map((call) => call.start));
  const restoredAt = Math.max(...updates.map((call) => call.end));
  const relative = (at: number): number => at - handedAt;
  const before = world.proxy.calls.filter((call) => call.start < firstShift);
  return {
    service: service.name,
    functions: service.functions.length,
    restoreMs: relative(restoredAt),
    steps: [
      { step: "trigger", startMs: 0, endMs: relative(triggeredAt) },
      ...world.steps
        .filter((span) => span.start < restoredAt)
        .map((span) => ({
          step: span.step,
          startMs: relative(span.start),
          endMs: relative(span.end),
        })),
    ],
    wavesBeforeShift: sequentialWaves(before).map((wave) => ({
      ...wave,
      start: relative(wave.start),
      end: relative(wave.end),
    })),
    updateAliasCalls: updates.length,
  };
}

/** The floor: one warm UpdateAlias through the same proxy to the same moto, timed around the SDK call. */
export async function floorOnce(world: BenchWorld): Promise<number> {
  const fn = world.floorFunction;
  const alias = await Lambda.getAlias(fn, "production");
  const next = alias.version === GOOD_VERSION ? BAD_VERSION : GOOD_VERSION;
  const start = performance.now();
  await Lambda.updateAlias({
    fn,
    alias: "production",
    version: next,
    revisionId: alias.revisionId,
  });
  return performance.now() - start;
}
