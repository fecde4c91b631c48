import { Store } from "@ripcord/core/aws";
import { recordProgress, type RollbackState } from "@ripcord/core/rollback";
import { beforeAll, describe, expect, it } from "vitest";
import { ripcordTable } from "../../../../../tests/support/aws.ts";
import { createApp } from "../../../src/api/app.ts";
import { READ_TOKEN, STATE_MACHINE_ARN, TOKENS } from "../api/fixture.ts";
import { ALARM_AT, at, CONFIG, FN, LEDGER, RECORD, SHIFTED_AT } from "./incident-fixture.ts";

/*
 * The cart-api rollback of the incident fixture seen while it runs: the record as Lock wrote it
 * (status running, no decision, no shifts: Record writes those at the end) and the steps the run has
 * recorded so far, written by the run's own progress writer. The fixture's traffic is not published
 * again (incident.test.ts does, into the same moto, and counts it): the pages here are about which
 * functions a run touched, not their numbers.
 */

const TOUCHED_NONE = "This run touched no function, so there is nothing to chart.";
const NOT_YET = "This run has shifted no function yet, so there is nothing to chart yet.";

const timing = (from: number, to: number) => ({ startedAt: at(from), endedAt: at(to) });

function stateOf(id: string): RollbackState {
  return {
    id,
    service: RECORD.service,
    now: ALARM_AT,
    source: "alarm",
    alarm: {
      name: RECORD.reason?.replace(/^alarm /, "") ?? "",
      kind: "errorRate",
      function: FN,
      stateChangeTime: ALARM_AT,
    },
    dryRun: false,
    resolved: {
      timing: timing(39, 39.2),
      service: RECORD.service,
      functions: [
        {
          name: FN,
          alias: "production",
          routing: { version: "7", weights: {} },
          current: "7",
          target: "6",
          targetReason: "version 6 is the last known-good release before 7",
          irreversible: [],
          ledger: [],
        },
      ],
      confirmAfterSeconds: 180,
      dryRun: false,
    },
    lock: { timing: timing(39.3, 39.4), acquired: true, owner: id },
  };
}

const verified = (state: RollbackState): RollbackState => ({
  ...state,
  verify: {
    timing: timing(39.5, 39.9),
    action: "shift",
    verdict: "rollback",
    reason: RECORD.decision?.reason ?? "",
    decisions: RECORD.decision?.decisions ?? [],
    targets: { [FN]: "6" },
  },
});

const shifted = (state: RollbackState): RollbackState => ({
  ...verified(state),
  shift: {
    timing: timing(39.95, 40),
    shifted: true,
    complete: true,
    reason: "every alias of cart serves its target",
    results: [
      {
        function: FN,
        alias: "production",
        from: { version: "7", weights: {} },
        to: "6",
        status: "shifted",
        startedAt: at(39.96),
        updatedAt: SHIFTED_AT,
      },
    ],
  },
});

/** The record as Lock writes it for a run that has begun: no decision or shift until Record. */
function runningRecord(id: string): Store.RollbackRecord {
  return {
    id,
    service: RECORD.service,
    source: "alarm",
    ...(RECORD.reason !== undefined && { reason: RECORD.reason }),
    status: "running",
    startedAt: at(39),
    now: ALARM_AT,
  };
}

describe("the page of a rollback that is still running, or ended without a shift", () => {
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    await ripcordTable();
    // moto computes no percentiles: the sandbox's statistic.
    process.env.RIPCORD_LATENCY_STATISTIC = "Maximum";
    await Store.saveLedger(FN, "production", LEDGER, 0);
    app = createApp({
      config: () => CONFIG,
      tokens: () => TOKENS,
      stateMachineArn: () => STATE_MACHINE_ARN,
      alarmPrefix: () => "ripcord-prod",
      now: () => new Date(at(3600)),
    });
  });

  async function page(id: string): Promise<string> {
    const response = await app.request(`/rollbacks/${id}`, {
      headers: { Authorization: `Bearer ${READ_TOKEN}`, Accept: "text/html" },
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  it("lists and charts the function a running run has shifted, from the progress it recorded", async () => {
    // Prepare
    const id = `${RECORD.id}-running-shifted`;
    await Store.putRollback(runningRecord(id));
    await recordProgress(shifted(stateOf(id)));

    // Act
    const html = await page(id);

    // Assess
    expect(html).toContain("cart-api:production 7 -&gt; 6: shifted");
    expect([...html.matchAll(/<g class="series" data-version="(\d+)">/g)].map((m) => m[1])).toEqual(
      ["7", "6"],
    );
    expect(html).toContain('data-marker="shift"');
    expect(html).not.toContain(TOUCHED_NONE);
    expect(html).not.toContain(NOT_YET);
  });

  it("says a running run has shifted nothing yet before its Shift step", async () => {
    // Prepare
    const id = `${RECORD.id}-running-verified`;
    await Store.putRollback(runningRecord(id));
    await recordProgress(verified(stateOf(id)));

    // Act
    const html = await page(id);

    // Assess
    expect(html).toContain(NOT_YET);
    expect(html).not.toContain(TOUCHED_NONE);
  });

  it("says an ended run touched no function when it never shifted", async () => {
    // Prepare
    const id = `${RECORD.id}-held`;
    const reason = "automatic rollbacks of cart are paused: release freeze";
    await Store.putRollback({
      ...runningRecord(id),
      status: "held",
      endedAt: at(40),
      decision: { verdict: "hold", reason, rule: "guard" },
    });
    const state = stateOf(id);
    await recordProgress({
      ...state,
      lock: { timing: timing(39.3, 39.4), acquired: false, owner: id, reason },
    });

    // Act
    const html = await page(id);

    // Assess
    expect(html).toContain(TOUCHED_NONE);
    expect(html).not.toContain('<g class="series"');
  });
});
