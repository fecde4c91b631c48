import * as Notify from "@ripcord/core/notify";
import { SOURCES } from "@ripcord/core/signals";
import type { PeriodStats } from "@ripcord/core/verify";
import { describe, expect, it } from "vitest";
import {
  ALARM_AT,
  at,
  FN,
  RECORD,
  RELEASED_AT,
  SHIFTED_AT,
  STEPS,
  TRAFFIC,
} from "../integration/status/incident-fixture.ts";

/** The fixture's traffic as CloudWatch returns it for the alias and each version. */
function stats(): Notify.FunctionMetrics["stats"] {
  const period = (
    start: string,
    parts: Array<{ invocations: number; errors: number; latencyMs: number }>,
  ): PeriodStats => ({
    start,
    requests: parts.reduce((n, p) => n + p.invocations, 0),
    errors: parts.reduce((n, p) => n + p.errors, 0),
    ...(parts.length > 0 && { latencyMs: Math.max(...parts.map((p) => p.latencyMs)) }),
  });
  const version = (v: string) =>
    TRAFFIC.map((m) => period(m.start, m.byVersion[v] ? [m.byVersion[v]] : []));
  return {
    alias: TRAFFIC.map((m) => period(m.start, Object.values(m.byVersion))),
    byVersion: { "6": version("6"), "7": version("7") },
  };
}

function incident(overrides: Partial<Notify.Incident> = {}): Notify.Incident {
  return {
    record: RECORD,
    steps: STEPS,
    releases: [{ function: FN, version: "7", takenAt: RELEASED_AT }],
    periodSeconds: 60,
    thresholds: { errorRatePercent: 5, latencyMs: 1500 },
    signal: "lambda",
    metrics: [{ function: FN, alias: "production", stats: stats() }],
    ...overrides,
  };
}

const kinds = (moments: Notify.Moment[]) => moments.map((m) => `${m.kind} ${m.at}`);

describe("the moments an incident marks", () => {
  it("finds the recovery in the metrics: the first period after the shift under both thresholds", () => {
    // Act
    const moments = Notify.moments(incident());

    // Assess: the shift is at 10:00:40, so the 10:00 period (still partly version 7) does not count.
    expect(kinds(moments)).toEqual([
      `release ${RELEASED_AT}`,
      `alarm ${ALARM_AT}`,
      `shift ${SHIFTED_AT}`,
      `recovery ${at(60)}`,
    ]);
    expect(moments.at(-1)?.detail).toBe(
      "healthy again from 10:01:00Z: 0.20% errors (2 of 1,000) and 118 ms, under the thresholds (5%, 1,500 ms) over 60 s",
    );
  });

  it("falls back to Ripcord's own check when the metrics show no healthy period after the shift", () => {
    // Prepare
    const before = stats();
    const untilShift = { ...before, alias: before.alias.filter((p) => p.start < SHIFTED_AT) };

    // Act
    const recovery = Notify.moments(
      incident({ metrics: [{ function: FN, alias: "production", stats: untilShift }] }),
    ).find((m) => m.kind === "recovery");

    // Assess
    expect(recovery).toEqual({
      kind: "recovery",
      at: STEPS.find((s) => s.name === "Confirm")?.endedAt,
      label: "recovery",
      detail: `Ripcord's check: ${RECORD.outcome?.reason}`,
    });
  });

  it("marks no recovery when the service did not recover, and no shift when nothing moved", () => {
    // Prepare
    const notRecovered = {
      ...RECORD,
      outcome: { result: "not-recovered" as const, reason: "still 9% errors" },
    };
    const held = { ...RECORD, status: "held" as const, shifts: [], outcome: undefined };

    // Act
    const afterRollback = Notify.moments(incident({ record: notRecovered }));
    const afterHold = Notify.moments(incident({ record: held }));

    // Assess
    expect(afterRollback.map((m) => m.kind)).toEqual(["release", "alarm", "shift"]);
    expect(afterHold.map((m) => m.kind)).toEqual(["release", "alarm"]);
  });

  it("calls a manual rollback's start a request, naming who asked and why", () => {
    // Prepare
    const manual = {
      ...RECORD,
      source: "manual" as const,
      actor: "api:ci",
      reason: "customers report errors",
    };

    // Act
    const start = Notify.moments(incident({ record: manual })).find((m) => m.at === ALARM_AT);

    // Assess
    expect(start).toMatchObject({
      kind: "request",
      label: "request",
      detail: "api:ci asked for a rollback: customers report errors",
    });
  });

  it("takes the release from the ledger: the latest entry of the faulty version before the alarm", () => {
    // Prepare
    const ledger = [
      { version: "7", takenAt: "2026-11-19T08:00:00.000Z" },
      { version: "6", takenAt: "2026-11-19T09:00:00.000Z" },
      { version: "7", takenAt: RELEASED_AT },
      { version: "7", takenAt: at(600) },
    ];

    // Act
    const release = Notify.releaseAt(ledger, "7", ALARM_AT);

    // Assess
    expect(release?.takenAt).toBe(RELEASED_AT);
  });
});

describe("the report of a run that did not shift", () => {
  it("says the aliases were left alone, counts the impact up to the decision and asks for the cause elsewhere", () => {
    // Prepare
    const held = {
      ...RECORD,
      status: "held" as const,
      shifts: [],
      outcome: undefined,
      decision: {
        verdict: "hold" as const,
        reason: "the problem predates version 7",
        decisions: [
          {
            verdict: "hold" as const,
            rule: "attributable" as const,
            reason: "the problem predates version 7",
            alarm: "cart-errors",
            function: FN,
            currentVersion: "7",
            targetVersion: "6",
            numbers: {},
          },
        ],
      },
    };

    // Act
    const report = Notify.incidentReport(
      incident({
        record: held,
        steps: STEPS.filter((s) => ["Resolve", "Lock", "Verify"].includes(s.name)),
      }),
    );

    // Assess
    expect(report.split("\n")[0]).toBe("# Incident report: cart, held (hold)");
    expect(report).toContain("Service verdict: **hold**.");
    expect(report).toContain("**hold** by the attributable rule: the problem predates version 7");
    expect(report).toContain("Ripcord left the aliases alone: the problem predates version 7.");
    expect(report).toContain(
      "| cart-api:production | 7 | 09:48:00Z to 10:00:00Z | 12,000 | 960 | 8.00% |",
    );
    expect(report).not.toContain("7 -> 6");
    expect(report).not.toContain("| Restored |");
  });
});

describe("the report's error measure", () => {
  it.each(["url", "emf", "lambda"] as const)(
    "names the %s source's metrics and wording in the impact section",
    (signal) => {
      const { namespace, metrics, errorWording } = SOURCES[signal];

      const report = Notify.incidentReport(incident({ signal }));

      expect(report).toContain(
        `in whole 60 s periods (CloudWatch: ${errorWording}, ${namespace} ${metrics.errors} of ${metrics.requests}).`,
      );
      expect(report).toContain(`| Requests | Failed requests | ${errorWording} (%) |`);
    },
  );
});
