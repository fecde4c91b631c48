import * as Rollback from "@ripcord/core/rollback";
import type { StepFunction } from "@ripcord/core/workflow";
import { describeChanges } from "./describe-state.ts";
import { allStates, waitSeconds, type StateNode } from "./stepfunctions/definition-walk.ts";
import type { EventLog, Execution, LocalStepFunctions } from "./stepfunctions/index.ts";
import type { Timeline } from "./timeline.ts";

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

interface Followed {
  raw?: JsonObject;
  decidedAt?: number;
}

/**
 * Follows every execution of the local Step Functions: prints what each step found or did as it
 * happens, and keeps each execution's latest state (the state machine carries the whole rollback
 * state from step to step) and when Verify decided.
 */
export class ExecutionWatcher {
  private readonly followed = new Map<string, Followed>();
  private readonly states: Map<string, StateNode>;
  private readonly stop: () => void;

  constructor(
    sfn: LocalStepFunctions,
    private readonly timeline: Timeline,
    definition: unknown,
    private readonly steps: Record<string, StepFunction>,
    private readonly waitMs: number,
  ) {
    this.states = new Map(allStates(definition));
    this.stop = sfn.onEvent((execution, event) => this.observe(execution, event));
  }

  latest(arn: string): { raw?: JsonObject; state?: Rollback.RollbackState; decidedAt?: number } {
    const followed = this.followed.get(arn) ?? {};
    const parsed = Rollback.RollbackState.safeParse(followed.raw);
    return { ...followed, ...(parsed.success && { state: parsed.data }) };
  }

  dispose(): void {
    this.stop();
  }

  private observe(execution: Execution, event: EventLog): void {
    const followed = this.followed.get(execution.executionArn) ?? {};
    this.followed.set(execution.executionArn, followed);
    switch (event.type) {
      case "ExecutionStarted":
        followed.raw = asObject(event.input);
        return;
      case "StateEntered": {
        if (event.state.type !== "Wait") return;
        const seconds = waitSeconds(this.states.get(event.state.name), event.state.input);
        const simulated = seconds === undefined ? "" : `${seconds} s on the sandbox's clock, `;
        this.timeline.line("wait", `${event.state.name}: ${simulated}${this.waitMs} ms real time`);
        return;
      }
      case "StateRetried":
        this.timeline.line("retry", `${event.state.name}, attempt ${event.retry.attempt}`);
        return;
      case "StateExited": {
        const next = asObject(event.state.output);
        if (!next) return;
        for (const entry of describeChanges(followed.raw, next))
          this.timeline.line(entry.label, entry.text, entry.details);
        followed.raw = next;
        if (this.steps[event.state.name] === "verify") followed.decidedAt = event.timestamp;
        return;
      }
      case "ExecutionSucceeded":
        this.timeline.line("execution", `${execution.name} succeeded`);
        return;
      case "ExecutionFailed":
        this.timeline.line("execution", `${execution.name} failed: ${event.Error}`);
        return;
      case "ExecutionAborted":
      case "ExecutionTimeout":
        this.timeline.line(
          "execution",
          `${execution.name} ${event.type === "ExecutionAborted" ? "stopped" : "timed out"}`,
        );
        return;
      default:
        return;
    }
  }
}
