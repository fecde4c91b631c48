import { describe, expect, it } from "vitest";
import { Sfn } from "@ripcord/core/aws";
import { defineConfig } from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import {
  INVOKE_OVERHEAD_SECONDS,
  MAX_CONFIRM_AFTER_SECONDS,
  RETRYABLE_ERRORS,
  STEP_TIMEOUT_SECONDS,
  byStep,
  definition,
  machineTimeoutSeconds,
  taskSteps,
  type StepArns,
} from "@ripcord/core/workflow";

const arns: StepArns = byStep(
  (step) => `arn:aws:lambda:eu-west-1:123456789012:function:ripcord-prod-${step}`,
);

describe("the state machine's timeouts and retries", () => {
  const asl = definition(arns);
  const tasks = Object.entries(asl.States).filter(([, state]) => state.Type === "Task");
  const stepOf = taskSteps(arns, asl);

  it("give every Task its function's timeout plus a cold start, so only a stuck invoke times out", () => {
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, state] of tasks) {
      const step = stepOf[name];
      expect(step, name).toBeDefined();
      if (!step) continue;
      expect(state.TimeoutSeconds, name).toBe(STEP_TIMEOUT_SECONDS[step] + INVOKE_OVERHEAD_SECONDS);
    }
  });

  it("size each function's timeout from its own waits: Shift and Record wait longest, none under 30 s", () => {
    for (const seconds of Object.values(STEP_TIMEOUT_SECONDS)) {
      expect(seconds).toBeGreaterThanOrEqual(30);
      expect(seconds).toBeLessThanOrEqual(900);
    }
    expect(STEP_TIMEOUT_SECONDS.shift).toBeGreaterThan(STEP_TIMEOUT_SECONDS.resolve);
    expect(STEP_TIMEOUT_SECONDS.record).toBeGreaterThan(STEP_TIMEOUT_SECONDS.invalidate);
  });

  it("retry Lambda's client execution timeout with the other Lambda faults", () => {
    expect(RETRYABLE_ERRORS).toContain("Lambda.ClientExecutionTimeoutException");
    for (const [name, state] of tasks) {
      const retry = state.Retry;
      expect(JSON.stringify(retry), name).toContain("Lambda.ClientExecutionTimeoutException");
    }
  });

  it("end a run only after its longest path could have finished: every wait and every task at its longest", () => {
    const waits = 10 * 60 + MAX_CONFIRM_AFTER_SECONDS;

    expect(asl.TimeoutSeconds).toBe(machineTimeoutSeconds(10, 60));
    expect(asl.TimeoutSeconds).toBeGreaterThan(waits);
    expect(definition(arns, { invalidationMaxChecks: 1 }).TimeoutSeconds).toBeLessThan(
      asl.TimeoutSeconds,
    );
  });

  it("keep the longest confirmation wait in step with the config's bound", () => {
    const service = (confirmAfterSeconds: number) => ({
      services: {
        api: {
          signal: "lambda" as const,
          functions: [{ name: "api" }],
          policy: { confirmAfterSeconds },
        },
      },
    });

    expect(() => defineConfig(service(MAX_CONFIRM_AFTER_SECONDS))).not.toThrow();
    expect(() => defineConfig(service(MAX_CONFIRM_AFTER_SECONDS + 1))).toThrow(ConfigError);
  });
});

describe("execution names", () => {
  it.each([
    "ripcord-prod-api--acme-api-latency",
    "ripcord-prod-api-acme.api-error-rate",
    "ripcord-prod-api-a very long function name with spaces and -- dashes-latency",
    "ripcord-prod-api-" + "x".repeat(22) + "-" + "y".repeat(60),
    "--ripcord-prod--",
  ])("never hold '--', whatever the alarm's name: %s", (alarm) => {
    const name = Sfn.executionName(alarm, "2026-11-27T14:00:00.000Z");

    expect(name).not.toContain("--");
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name.startsWith("-")).toBe(false);
  });
});
