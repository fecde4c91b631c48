import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import * as Rollback from "@ripcord/core/rollback";
import { AlarmStateChangeEvent, ExecutionInput } from "@ripcord/core/workflow";

/** The sample events shipped for the SST Console's "Invoke" must stay valid inputs of their handlers. */
function sample(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../events/${name}`, import.meta.url), "utf8"));
}

describe("sample events", () => {
  it("trigger.alarm.json is an alarm entering ALARM", () => {
    const event = AlarmStateChangeEvent.parse(sample("trigger.alarm.json"));
    expect(event.detail.state.value).toBe("ALARM");
  });

  it("trigger.ok.json is an alarm returning to OK (the trigger ignores it)", () => {
    expect(AlarmStateChangeEvent.parse(sample("trigger.ok.json")).detail.state.value).toBe("OK");
  });

  it("resolve.json is a valid execution input", () => {
    expect(ExecutionInput.parse(sample("resolve.json")).source).toBe("manual");
  });

  it("notify.json is a valid notify step input", () => {
    const event = z
      .object({ phase: z.literal("held"), state: Rollback.RollbackState })
      .parse(sample("notify.json"));
    expect(event.state.verify?.action).toBe("hold");
  });
});
