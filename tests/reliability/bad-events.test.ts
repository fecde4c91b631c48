import { beforeAll, describe, expect, it, vi } from "vitest";
import { Lambda, Store } from "@ripcord/core/aws";
import { useReliabilityHarness } from "./support/harness.ts";
import { specOf } from "./support/service.ts";
import { alarmFires, deliver } from "./support/trigger.ts";

/*
 * Events the trigger must not act on, delivered to the real handler as EventBridge would. Each is
 * ignored with a reason and a log line (EventBridge would only retry a thrown error into the
 * dead-letter queue), starts no execution and changes nothing.
 */

type Event = Record<string, unknown> & {
  detail: Record<string, unknown> & { state: Record<string, unknown> };
};

/** A deep copy of the valid event with one change applied. */
function variant(valid: Event, change: (event: Event) => unknown): unknown {
  const copy: Event = structuredClone(valid);
  return change(copy);
}

describe("foreign or malformed alarm events are ignored with a log line, and change nothing", () => {
  const { fixture, endpoint } = useReliabilityHarness({
    service: { scope: "suite" },
    stateMachine: "suite",
  });
  let valid: Event;

  beforeAll(async () => {
    const event = await alarmFires(specOf(fixture, "errorRate"), fixture.now);
    valid = structuredClone(event) as Event;
  });

  const cases: Array<[string, (event: Event) => unknown, RegExp]> = [
    [
      "an alarm of another account",
      (e) => ({ ...e, account: "999999999999" }),
      /account 999999999999, not this account/,
    ],
    [
      "an alarm Ripcord does not own",
      (e) => ({ ...e, detail: { ...e.detail, alarmName: "billing-spike" } }),
      /not one of Ripcord's/,
    ],
    [
      "an alarm named like Ripcord's for a function it does not watch",
      (e) => ({ ...e, detail: { ...e.detail, alarmName: "ripcord-rel-ghost-ghost-error-rate" } }),
      /not one of Ripcord's/,
    ],
    [
      "an alarm returning to OK",
      (e) => ({
        ...e,
        detail: {
          ...e.detail,
          state: { ...e.detail.state, value: "OK" },
          previousState: { value: "ALARM" },
        },
      }),
      /entered OK, not ALARM/,
    ],
    [
      "an alarm without enough data",
      (e) => ({
        ...e,
        detail: { ...e.detail, state: { ...e.detail.state, value: "INSUFFICIENT_DATA" } },
      }),
      /entered INSUFFICIENT_DATA/,
    ],
    [
      "an unknown state value",
      (e) => ({ ...e, detail: { ...e.detail, state: { ...e.detail.state, value: "PANIC" } } }),
      /detail\.state\.value/,
    ],
    ["an event without detail", (e) => ({ ...e, detail: undefined }), /detail/],
    [
      "an event without a state",
      (e) => ({ ...e, detail: { ...e.detail, state: undefined } }),
      /detail\.state/,
    ],
    [
      "a state without a timestamp",
      (e) => ({
        ...e,
        detail: { ...e.detail, state: { ...e.detail.state, timestamp: undefined } },
      }),
      /timestamp/,
    ],
    [
      "an unreadable timestamp",
      (e) => ({
        ...e,
        detail: { ...e.detail, state: { ...e.detail.state, timestamp: "yesterday at noon" } },
      }),
      /unreadable state timestamp/,
    ],
    ["an event without an account", (e) => ({ ...e, account: undefined }), /account/],
    [
      "another kind of event",
      (e) => ({ ...e, "detail-type": "EC2 Instance State-change Notification" }),
      /detail-type/,
    ],
    ["another source", (e) => ({ ...e, source: "aws.ec2" }), /source/],
    [
      "an alarm name of 10,000 characters",
      (e) => ({ ...e, detail: { ...e.detail, alarmName: "a".repeat(10_000) } }),
      /alarmName/,
    ],
    [
      "an alarm name in unicode",
      (e) => ({ ...e, detail: { ...e.detail, alarmName: "ripcord-rel-☃-ünïcødé-error-rate" } }),
      /not one of Ripcord's/,
    ],
    ["null", () => null, /not a CloudWatch alarm state change/],
    ["a string", () => "ALARM", /not a CloudWatch alarm state change/],
    ["an array", (e) => [e], /not a CloudWatch alarm state change/],
  ];

  for (const [what, change, reason] of cases) {
    it(`ignores ${what}`, async () => {
      // Prepare
      const event = variant(valid, change);
      const executionsBefore = endpoint.executions().length;
      const logged: string[] = [];
      const warn = vi
        .spyOn(console, "warn")
        .mockImplementation((line: unknown) => void logged.push(String(line)));

      // Act
      const result = await deliver(event).finally(() => warn.mockRestore());

      // Assess
      expect(result.started).toBe(false);
      expect(result.started ? "" : result.ignored).toMatch(reason);
      expect(logged.join("\n")).toMatch(/"event ignored"/);
      expect(endpoint.executions()).toHaveLength(executionsBefore);
    });
  }

  it("changed nothing for any of them: no execution, no history, the alias where it was", async () => {
    expect(endpoint.executions()).toEqual([]);
    expect((await Store.listRollbacks({ service: fixture.service, limit: 5 })).items).toEqual([]);
    expect((await Store.getServiceState(fixture.service)).lock).toBeUndefined();
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("3");
  });

  it("acts on the valid event they were made from (the cases above differ from it in one field each)", async () => {
    const result = await deliver(valid);
    await endpoint.settled();

    expect(result.started).toBe(true);
    expect(endpoint.executions()).toHaveLength(1);
    expect((await Lambda.getAlias(fixture.functions[0]!, "production")).version).toBe("2");
  });
});
