import { CloudWatch, Store } from "@ripcord/core/aws";
import { defineConfig } from "@ripcord/core/config";
import { servedAs } from "@ripcord/local/identity";
import { minutePoints, type TrafficMinute } from "@ripcord/local/traffic";
import { ripcordTable } from "../../../../../tests/support/aws.ts";
import { createApp } from "../../../src/api/app.ts";
import { STATE_MACHINE_ARN, TOKENS } from "../api/fixture.ts";

/*
 * One stored rollback, written out by hand as the state machine records it, with the ledger and the
 * CloudWatch traffic behind it: version 7 of cart-api went out at 09:48, failed 8% of requests, the
 * alarm fired at 10:00, Ripcord shifted back to 6 at 10:00:40 and the service was healthy from 10:01.
 */

export const FN = "cart-api";
export const ID = "ripcord-prod-cart-cart-api-error-rate-1795168800";
export const ALARM_AT = "2026-11-20T10:00:00.000Z";
export const RELEASED_AT = "2026-11-20T09:48:00.000Z";
export const SHIFTED_AT = "2026-11-20T10:00:40.000Z";
const ALARM = "ripcord-prod-cart-cart-api-error-rate";

export const at = (seconds: number): string =>
  new Date(Date.parse(ALARM_AT) + seconds * 1000).toISOString();
const minute = (offset: number): string => at(offset * 60);

const GOOD = { invocations: 1000, errors: 3, latencyMs: 120 };
const BAD = { invocations: 1000, errors: 80, latencyMs: 300 };

/** 09:20 to 10:14: v6 until 09:48, v7 until the shift (the 10:00 period split 600/400), v6 again after. */
export const TRAFFIC: TrafficMinute[] = Array.from({ length: 55 }, (_, i): TrafficMinute => {
  const offset = i - 40;
  const start = minute(offset);
  if (offset < -12) return { start, byVersion: { "6": GOOD } };
  if (offset < 0) return { start, byVersion: { "7": BAD } };
  if (offset === 0)
    return {
      start,
      byVersion: {
        "7": { invocations: 600, errors: 50, latencyMs: 310 },
        "6": { invocations: 400, errors: 1, latencyMs: 125 },
      },
    };
  return { start, byVersion: { "6": { invocations: 1000, errors: 2, latencyMs: 118 } } };
});

const numbers = {
  now: ALARM_AT,
  alarmThreshold: 5,
  windowStart: minute(-3),
  windowEnd: ALARM_AT,
  currentVersion: "7",
  currentWeight: null,
  currentTookTrafficAt: RELEASED_AT,
  targetVersion: "6",
  baselineVersion: "6",
  baselineStart: minute(-72),
  baselineEnd: RELEASED_AT,
  baselineKind: "before-replacement",
  onset: RELEASED_AT,
  baselineRequests: 60000,
  baselineErrors: 180,
  baselineErrorRatePercent: 0.3,
  currentRequests: 3000,
  currentErrors: 240,
  currentErrorRatePercent: 8,
  lastPeriodRequests: 1000,
  lastPeriodErrors: 80,
  lastPeriodErrorRatePercent: 8,
  pValue: 1.2e-150,
  rateIncreasePoints: 7.7,
  rateRatio: 26.666666666666668,
};

const REASON =
  "Version 7 failed 8.00% (240 of 3,000) 09:57–10:00 against 0.30% (180 of 60,000) for known-good version 6 in the hour before it was replaced (08:48–09:48) (Fisher's one-sided p = 1.20e-150 < 0.01, +7.70 points, 26.67x the baseline); the last period (09:59) alone still shows 8.00%: roll back cart-api to 6.";

export const RECORD: Store.RollbackRecord = {
  id: ID,
  service: "cart",
  source: "alarm",
  reason: `alarm ${ALARM}`,
  status: "rolled-back",
  startedAt: at(39),
  endedAt: at(222),
  now: ALARM_AT,
  decision: {
    verdict: "rollback",
    reason: REASON,
    decisions: [
      {
        verdict: "rollback",
        rule: "effect",
        reason: REASON,
        alarm: ALARM,
        function: FN,
        currentVersion: "7",
        targetVersion: "6",
        numbers,
      },
    ],
  },
  shifts: [
    {
      function: FN,
      alias: "production",
      before: { version: "7", weights: {} },
      target: "6",
      after: { version: "6", weights: {} },
      status: "shifted",
      at: SHIFTED_AT,
    },
  ],
  invalidation: {
    distributionId: "E2ABCDEF123456",
    paths: ["/*"],
    id: "I2J3K4L5",
    status: "Completed",
  },
  outcome: {
    result: "recovered",
    reason:
      "cart-api: Recovered: the latest complete period after the shift (10:03) shows 0.20% errors (2 of 1000, threshold 5%) and 118 ms (threshold 1500 ms).",
  },
};

const step = (
  name: string,
  from: number,
  to: number,
  detail: Record<string, unknown>,
): Store.StepRecord => ({
  name,
  status: "ok",
  startedAt: at(from),
  endedAt: at(to),
  durationMs: (to - from) * 1000,
  detail,
});

export const STEPS: Store.StepRecord[] = [
  step("Resolve", 39, 39.2, {
    signal: "lambda",
    functions: [{ name: FN, current: "7", target: "6" }],
  }),
  step("Lock", 39.3, 39.4, { acquired: true }),
  step("Verify", 39.5, 39.9, { verdict: "rollback", action: "shift", reason: REASON }),
  step("Shift", 39.95, 40, { complete: true, reason: "every alias of cart serves its target" }),
  step("NotifyShifted", 40.1, 40.5, { subject: "[cart] Rolled back cart-api 7 -> 6" }),
  step("Invalidate", 40.6, 41, { id: "I2J3K4L5", status: "Completed" }),
  step("Confirm", 221, 221.5, { outcome: "recovered", reason: RECORD.outcome?.reason }),
  step("NotifyOutcome", 221.6, 222, { subject: "[cart] Rolled back cart-api 7 -> 6: recovered" }),
];

export const LEDGER = [
  {
    version: "5",
    takenAt: "2026-11-10T08:00:00.000Z",
    replacedAt: "2026-11-18T09:00:00.000Z",
    knownGoodAt: "2026-11-10T09:00:00.000Z",
  },
  {
    version: "6",
    takenAt: "2026-11-18T09:00:00.000Z",
    replacedAt: RELEASED_AT,
    knownGoodAt: "2026-11-18T10:00:00.000Z",
  },
  {
    version: "7",
    takenAt: RELEASED_AT,
    replacedAt: SHIFTED_AT,
    knownBadAt: SHIFTED_AT,
    gitSha: "4f2c9e1a7b3d",
  },
  { version: "6", takenAt: SHIFTED_AT, knownGoodAt: "2026-11-18T10:00:00.000Z" },
];

export const CONFIG = defineConfig({
  services: { cart: { signal: "lambda", functions: [{ name: FN }] } },
});

/** Stores the rollback, its steps, the ledger and the traffic; returns the real app over them. */
export async function storedIncident() {
  await ripcordTable();
  // moto computes no percentiles: the sandbox's statistic.
  process.env.RIPCORD_LATENCY_STATISTIC = "Maximum";
  await Store.putRollback(RECORD);
  await Promise.all(STEPS.map((s) => Store.appendStep(ID, s)));
  await Store.saveLedger(FN, "production", LEDGER, 0);
  await CloudWatch.putMetricData(TRAFFIC.flatMap((m) => minutePoints(FN, "production", m)));
  const deps = {
    config: () => CONFIG,
    tokens: () => TOKENS,
    stateMachineArn: () => STATE_MACHINE_ARN,
    alarmPrefix: () => "ripcord-prod",
    now: () => new Date(at(3600)),
  };
  // Served with the API function's identity, so its AWS calls are checked against its role.
  return { app: servedAs("api", createApp(deps)), deps };
}
