import { describe, expect, it } from "vitest";
import { describeChanges } from "../src/describe-state.ts";

const base = {
  id: "run-1",
  service: "demo",
  now: "2026-11-27T14:00:00.000Z",
  source: "alarm",
  dryRun: false,
};
const message = (subject: string, lines: string[]) => ({
  subject,
  text: [subject, "", ...lines].join("\n"),
  deliveries: [{ channel: "sns", ok: true }],
});

describe("timeline entries from the execution state", () => {
  it("reports an invalidation once per status, not once per check", () => {
    // Prepare
    const first = {
      ...base,
      invalidation: { id: "I1", status: "InProgress", done: false, checks: 0 },
    };
    const recheck = {
      ...base,
      invalidation: { id: "I1", status: "InProgress", done: false, checks: 1 },
    };
    const completed = {
      ...base,
      invalidation: { id: "I1", status: "Completed", done: true, checks: 2 },
    };

    // Act
    const entries = [
      describeChanges(base, first),
      describeChanges(first, recheck),
      describeChanges(recheck, completed),
    ];

    // Assess
    expect(entries.map((list) => list.map((e) => e.text))).toEqual([
      ["invalidation I1: InProgress"],
      [],
      ["invalidation I1: Completed"],
    ]);
  });

  it("shows a later notification's new lines only", () => {
    // Prepare
    const shifted = {
      ...base,
      notifyShifted: message("Rolled back demo-api 3 -> 2", [
        "Why: 9% errors",
        "Timeline: shifted",
      ]),
    };
    const outcome = {
      ...shifted,
      notifyOutcome: message("Rolled back demo-api 3 -> 2: recovered", [
        "Why: 9% errors",
        "Recovery: 0.3% errors",
      ]),
    };

    // Act
    const [entry] = describeChanges(shifted, outcome);

    // Assess
    expect(entry).toEqual({
      label: "notify",
      text: "Rolled back demo-api 3 -> 2: recovered [sns sent]",
      details: ["Recovery: 0.3% errors", "(the other lines as in the notification above)"],
    });
  });

  it("says why the lock was not taken", () => {
    // Prepare
    const skipped = {
      ...base,
      lock: { acquired: false, owner: "run-1", reason: "cooling down until 14:30" },
    };

    // Act
    const entries = describeChanges(base, skipped);

    // Assess
    expect(entries).toEqual([{ label: "lock", text: "not acquired: cooling down until 14:30" }]);
  });
});
