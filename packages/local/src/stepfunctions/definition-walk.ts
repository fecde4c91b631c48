import * as z from "zod";
import type { StateMachineDefinition } from "aws-local-stepfunctions";
import { InputError } from "@ripcord/core/errors";
import type { TaskHandler } from "./lambda-task.ts";

/** The parts of an ASL definition the sandbox reads: states, their type and resource, nested machines. */
const StateNode = z.looseObject({
  Type: z.string(),
  Resource: z.string().optional(),
  Branches: z.array(z.unknown()).optional(),
  ItemProcessor: z.unknown().optional(),
  Iterator: z.unknown().optional(),
});
const MachineNode = z.looseObject({ StartAt: z.string(), States: z.record(z.string(), StateNode) });

export type StateNode = z.output<typeof StateNode>;

function parseMachine(node: unknown): z.output<typeof MachineNode> {
  const parsed = MachineNode.safeParse(node);
  if (!parsed.success)
    throw new InputError("not a state machine definition (StartAt and States required)", {
      cause: parsed.error,
    });
  return parsed.data;
}

/**
 * Shape check only: the engine runs asl-validator over the whole definition when it is
 * constructed, and refuses anything this lets through that is not valid ASL.
 */
export function isDefinition(value: unknown): value is StateMachineDefinition {
  return MachineNode.safeParse(value).success;
}

/** Every state of a definition, including those inside Parallel branches and Map processors. */
export function allStates(definition: unknown): Array<[string, StateNode]> {
  const machine = parseMachine(definition);
  return Object.entries(machine.States).flatMap(([name, state]): Array<[string, StateNode]> => {
    const nested = [
      ...(state.Branches ?? []),
      ...[state.ItemProcessor, state.Iterator].filter((n) => n !== undefined),
    ];
    return [[name, state], ...nested.flatMap((child) => allStates(child))];
  });
}

/**
 * aws-local-stepfunctions overrides Task states by state name; the definition names functions by
 * resource (ARN). This maps every Task state to the handler behind its resource, and refuses a
 * Task whose resource has no handler, so nothing silently calls out to a real AWS Lambda.
 */
export function taskHandlersByState(
  definition: unknown,
  byResource: ReadonlyMap<string, TaskHandler>,
): Record<string, TaskHandler> {
  const handlers: Record<string, TaskHandler> = {};
  const resources = new Map<string, string>();
  for (const [name, state] of allStates(definition)) {
    if (state.Type !== "Task") continue;
    const resource = state.Resource ?? "";
    const handler = byResource.get(resource);
    if (!handler)
      throw new InputError(
        `Task state "${name}" calls "${resource}", which the sandbox has no handler for`,
      );
    const seen = resources.get(name);
    if (seen !== undefined && seen !== resource) {
      throw new InputError(
        `two Task states named "${name}" call different resources; local overrides are keyed by state name`,
      );
    }
    resources.set(name, resource);
    handlers[name] = handler;
  }
  return handlers;
}

/** Names of every Wait state, so the sandbox can shorten them. */
export function waitStateNames(definition: unknown): string[] {
  return allStates(definition)
    .filter(([, state]) => state.Type === "Wait")
    .map(([name]) => name);
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

/** `$.a.b` paths only: what Ripcord's definition's SecondsPath uses. */
function atPath(path: string, input: unknown): unknown {
  return path
    .replace(/^\$\.?/, "")
    .split(".")
    .filter((key) => key !== "")
    .reduce<unknown>((node, key) => asObject(node)?.[key], input);
}

/** How long a Wait state waits on AWS for `input`: its Seconds, or SecondsPath read from the input. */
export function waitSeconds(state: StateNode | undefined, input: unknown): number | undefined {
  const seconds =
    state?.Seconds ??
    (typeof state?.SecondsPath === "string" ? atPath(state.SecondsPath, input) : undefined);
  return typeof seconds === "number" ? seconds : undefined;
}
