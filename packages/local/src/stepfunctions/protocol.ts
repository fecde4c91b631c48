import * as z from "zod";
import type { Execution } from "./engine.ts";

/** Request bodies of the operations the sandbox serves, as the AWS JSON 1.0 protocol sends them. */
export const StartExecutionRequest = z.looseObject({
  stateMachineArn: z.string(),
  name: z.string().optional(),
  input: z.string().optional(),
});
export const ExecutionRequest = z.looseObject({ executionArn: z.string() });
export const StopExecutionRequest = z.looseObject({
  executionArn: z.string(),
  error: z.string().max(256).optional(),
  cause: z.string().max(32_768).optional(),
});
export const ListExecutionsRequest = z.looseObject({
  stateMachineArn: z.string(),
  statusFilter: z.enum(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"]).optional(),
  maxResults: z.number().int().min(0).max(1000).optional(),
  nextToken: z.string().optional(),
});

/** JSON 1.0 timestamps are epoch seconds. */
const epochSeconds = (date: Date): number => date.getTime() / 1000;

export function listItem(e: Execution): Record<string, unknown> {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: epochSeconds(e.startDate),
    ...(e.stopDate && { stopDate: epochSeconds(e.stopDate) }),
  };
}

export function describeBody(e: Execution): Record<string, unknown> {
  return {
    ...listItem(e),
    input: e.input,
    inputDetails: { included: true },
    ...(e.output !== undefined && { output: e.output, outputDetails: { included: true } }),
    ...(e.error !== undefined && { error: e.error }),
    ...(e.cause !== undefined && { cause: e.cause }),
  };
}

export function startBody(e: Execution): Record<string, unknown> {
  return { executionArn: e.executionArn, startDate: epochSeconds(e.startDate) };
}

export function stopBody(e: Execution): Record<string, unknown> {
  return { stopDate: epochSeconds(e.stopDate ?? new Date()) };
}
