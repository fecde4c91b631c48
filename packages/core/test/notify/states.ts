import type { RollbackState } from "@ripcord/core/rollback";
import type { Decision } from "@ripcord/core/verify";

/*
 * Execution states as the state machine carries them to Notify, written out by hand (numbers and
 * reasons as verify/ words them) so the rendering fixtures do not move when the decision's wording does.
 */

export const NOW = "2026-11-27T14:00:00.000Z";
const ALARM = "ripcord-prod-checkout-checkout-api-error-rate";

const at = (seconds: number) => new Date(Date.parse(NOW) + seconds * 1000).toISOString();
const timing = (from: number, to: number) => ({ startedAt: at(from), endedAt: at(to) });

const base: RollbackState = {
  id: "ripcord-prod-checkout-api-error-rate-1795788000",
  service: "checkout",
  now: NOW,
  source: "alarm",
  alarm: { name: ALARM, kind: "errorRate", function: "checkout-api", stateChangeTime: NOW },
  dryRun: false,
  resolved: {
    timing: timing(0.1, 0.4),
    service: "checkout",
    functions: [
      {
        name: "checkout-api",
        alias: "production",
        routing: { version: "3", weights: {} },
        revisionId: "rev-3",
        current: "3",
        target: "2",
        targetReason: "version 2 is the last known-good release before 3",
        irreversible: [],
        ledger: [],
      },
    ],
    cloudfront: { distributionId: "E2ABCDEF123456", paths: ["/*"] },
    confirmAfterSeconds: 180,
    dryRun: false,
  },
  lock: {
    timing: timing(0.4, 0.5),
    acquired: true,
    owner: "ripcord-prod-checkout-api-error-rate-1795788000",
  },
};

const commonNumbers: Decision["numbers"] = {
  now: NOW,
  alarmThreshold: 5,
  windowStart: "2026-11-27T13:57:00.000Z",
  windowEnd: "2026-11-27T14:00:00.000Z",
  currentVersion: "3",
  currentWeight: null,
  currentTookTrafficAt: "2026-11-27T13:50:00.000Z",
  targetVersion: "2",
  baselineVersion: "2",
  baselineStart: "2026-11-27T12:50:00.000Z",
  baselineEnd: "2026-11-27T13:50:00.000Z",
  baselineKind: "before-replacement",
  onset: "2026-11-27T13:51:00.000Z",
};

const errorNumbers: Decision["numbers"] = {
  ...commonNumbers,
  baselineRequests: 24000,
  baselineErrors: 96,
  baselineErrorRatePercent: 0.4,
  currentRequests: 1200,
  currentErrors: 90,
  currentErrorRatePercent: 7.5,
  lastPeriodRequests: 400,
  lastPeriodErrors: 31,
  lastPeriodErrorRatePercent: 7.75,
  pValue: 2.7037130098172068e-68,
  rateIncreasePoints: 7.1,
  rateRatio: 18.75,
};

const rollbackReason =
  "Version 3 failed 7.50% (90 of 1,200) 13:57–14:00 against 0.40% (96 of 24,000) for known-good version 2 in the hour before it was replaced (12:50–13:50) (Fisher's one-sided p = 2.70e-68 < 0.01, +7.10 points, 18.75x the baseline); the last period (13:59) alone still shows 7.75%: roll back checkout-api to 2.";

const rollbackDecision: Decision = {
  verdict: "rollback",
  rule: "effect",
  reason: rollbackReason,
  alarm: ALARM,
  function: "checkout-api",
  currentVersion: "3",
  targetVersion: "2",
  numbers: errorNumbers,
};

const verified: RollbackState = {
  ...base,
  verify: {
    timing: timing(0.5, 1.2),
    action: "shift",
    verdict: "rollback",
    reason: rollbackReason,
    decisions: [rollbackDecision],
    targets: { "checkout-api": "2" },
  },
};

/** Version 3 fails 7.5% against 0.4%: rolled back, first message. */
export const rollbackShifted: RollbackState = {
  ...verified,
  shift: {
    timing: timing(1.2, 1.9),
    shifted: true,
    complete: true,
    reason: "every alias of checkout serves its target",
    results: [
      {
        function: "checkout-api",
        alias: "production",
        from: { version: "3", weights: {} },
        to: "2",
        status: "shifted",
        startedAt: at(1.3),
        updatedAt: at(1.8),
      },
    ],
  },
};

/** The same run after invalidation and confirmation: recovered. */
export const outcomeRecovered: RollbackState = {
  ...rollbackShifted,
  invalidation: {
    timing: timing(12, 12.3),
    id: "I2J3K4L5M6N7O8",
    status: "Completed",
    done: true,
    checks: 2,
  },
  confirm: {
    timing: timing(192, 193),
    outcome: "recovered",
    reason:
      "checkout-api: Recovered: the latest complete period after the shift (14:02) shows 0.35% errors (2 of 572, threshold 5%) and 180 ms (threshold 1500 ms).",
  },
};

/** Confirmation found the errors still there, and the invalidation had failed. */
export const outcomeNotRecovered: RollbackState = {
  ...rollbackShifted,
  invalidateError: {
    Error: "TransientError",
    Cause: "CloudFront CreateInvalidation failed after retries (ThrottlingException, HTTP 429)",
  },
  confirm: {
    timing: timing(192, 193),
    outcome: "not-recovered",
    reason:
      "checkout-api: Not recovered: the latest complete period after the shift (14:02) still shows 6.90% errors (40 of 580, threshold 5%) and 210 ms (threshold 1500 ms).",
  },
};

const holdReason =
  "Version 3 failed 0.75% (9 of 1,200) 13:57–14:00 against 0.40% (96 of 24,000) for known-good version 2 in the hour before it was replaced (12:50–13:50), but the difference is not significant (Fisher's one-sided p = 0.0629, needs < 0.01) and the rate is 0.35 points and 1.88x the baseline, short of 2 points above and 2x the baseline (at least 2.40%): hold.";

/** Version 3 is a little worse, not significantly: hold, with the reason. */
export const holdNotWorse: RollbackState = {
  ...base,
  verify: {
    timing: timing(0.5, 1.1),
    action: "hold",
    verdict: "hold",
    reason: holdReason,
    decisions: [
      {
        ...rollbackDecision,
        verdict: "hold",
        reason: holdReason,
        numbers: {
          ...errorNumbers,
          currentErrors: 9,
          currentErrorRatePercent: 0.75,
          pValue: 0.06293250422318539,
          rateIncreasePoints: 0.35,
          rateRatio: 1.875,
        },
      },
    ],
    targets: { "checkout-api": "2" },
  },
};

const twoFunctions: RollbackState["resolved"] = base.resolved && {
  ...base.resolved,
  functions: [
    ...base.resolved.functions,
    {
      name: "checkout-worker",
      alias: "production",
      routing: { version: "7", weights: { "8": 0.1 } },
      current: "8",
      target: "7",
      targetReason: "version 7 is the canary's primary",
      irreversible: [],
      ledger: [],
    },
  ],
};

/** Two functions: the API moved back, the worker's target version was not Active. */
export const partialShift: RollbackState = {
  ...verified,
  resolved: twoFunctions,
  verify: verified.verify && {
    ...verified.verify,
    targets: { "checkout-api": "2", "checkout-worker": "7" },
  },
  shift: {
    timing: timing(1.2, 2.4),
    shifted: true,
    complete: false,
    reason: "checkout-worker:production failed: target version 7 is Pending, not Active",
    results: [
      {
        function: "checkout-api",
        alias: "production",
        from: { version: "3", weights: {} },
        to: "2",
        status: "shifted",
        startedAt: at(1.3),
        updatedAt: at(1.8),
      },
      {
        function: "checkout-worker",
        alias: "production",
        from: { version: "7", weights: { "8": 0.1 } },
        to: "7",
        status: "failed",
        error: "target version 7 is Pending, not Active",
        startedAt: at(1.3),
      },
    ],
  },
};

/** A deploy landed between Verify and Shift: the alias was left alone. */
export const racedDeploy: RollbackState = {
  ...verified,
  shift: {
    timing: timing(1.2, 1.6),
    shifted: false,
    complete: false,
    reason:
      "checkout-api:production moved by a newer deploy: the alias now serves version 4, not version 3 as when Ripcord decided: a newer deploy; left alone",
    results: [
      {
        function: "checkout-api",
        alias: "production",
        from: { version: "3", weights: {} },
        to: "2",
        status: "moved",
        error:
          "the alias now serves version 4, not version 3 as when Ripcord decided: a newer deploy; left alone",
        startedAt: at(1.3),
      },
    ],
  },
};

/** Another rollback of the service ended 10 minutes ago: cooling down, nothing touched. */
export const skippedCooldown: RollbackState = {
  ...base,
  lock: {
    timing: timing(0.4, 0.5),
    acquired: false,
    owner: base.id,
    reason: "checkout is cooling down after a rollback until 2026-11-27T14:20:00.000Z",
  },
};

/** Asked for by a person from the CLI, without verification; the latency alarm is not involved. */
export const manualShifted: RollbackState = {
  ...base,
  id: "manual-checkout-1795788000000-a1b2c3",
  source: "manual",
  alarm: undefined,
  manual: {
    actor: "cli:alice",
    reason: "checkout <total> shows 0 & the cart is empty",
    targets: {},
    verify: false,
  },
  verify: {
    timing: timing(0.5, 0.6),
    action: "shift",
    verdict: "manual",
    reason: "manual rollback by cli:alice: checkout <total> shows 0 & the cart is empty",
    decisions: [],
    targets: { "checkout-api": "2" },
  },
  shift: rollbackShifted.shift,
};

/** Verify crashed: the failure path tells the team, nothing was shifted. */
export const failedBeforeShift: RollbackState = {
  ...base,
  error: {
    Error: "Error",
    Cause: JSON.stringify({
      errorType: "Error",
      errorMessage: "verify crashed",
      trace: ["Error: verify crashed", "    at verify.ts:12"],
    }),
  },
};

const latencyReason =
  "Version 3's latency was 2,140 ms to 2,380 ms per period 13:57–14:00 against a median of 180 ms for known-good version 2 in the hour before it was replaced (12:50–13:50): every period, the last one (13:59, 2,380 ms) included, reaches 1.5x and +100 ms (280 ms): roll back checkout-api to 2.";

/** The latency alarm fired: no p-value, every period judged against the baseline's median. */
export const latencyShifted: RollbackState = {
  ...rollbackShifted,
  alarm: {
    name: "ripcord-prod-checkout-checkout-api-latency",
    kind: "latency",
    function: "checkout-api",
    stateChangeTime: NOW,
  },
  verify: {
    timing: timing(0.5, 1.2),
    action: "shift",
    verdict: "rollback",
    reason: latencyReason,
    targets: { "checkout-api": "2" },
    decisions: [
      {
        verdict: "rollback",
        rule: "effect",
        reason: latencyReason,
        alarm: "ripcord-prod-checkout-checkout-api-latency",
        function: "checkout-api",
        currentVersion: "3",
        targetVersion: "2",
        numbers: {
          ...commonNumbers,
          alarmThreshold: 1500,
          baselineMedianLatencyMs: 180,
          baselineLatencyPeriods: 60,
          requiredLatencyMs: 280,
          currentLatencyPeriods: 3,
          currentMinLatencyMs: 2140,
          currentMaxLatencyMs: 2380,
          lastPeriodLatencyMs: 2380,
          latencyRatio: 11.89,
        },
      },
    ],
  },
};

/** The service's policy says dry run: the verdict is rollback, the alias is left alone. */
export const dryRunHold: RollbackState = {
  ...verified,
  dryRun: true,
  verify: verified.verify && {
    ...verified.verify,
    action: "hold",
    reason: `dry run: would roll back (${rollbackReason})`,
  },
};
