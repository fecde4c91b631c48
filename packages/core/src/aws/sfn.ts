import { createHash } from "node:crypto";
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
} from "@aws-sdk/client-sfn";
import { ConflictError, InputError, NotFoundError, RipcordError } from "../errors/index.ts";
import { clientConfig, lazyClient } from "./clients.ts";
import { awsCall, type Translate } from "./failure.ts";

/** Reaches the sandbox's own Step Functions endpoint through AWS_ENDPOINT_URL_SFN. */
const sfn = /* @__PURE__ */ lazyClient(() => new SFNClient(clientConfig()));

export type { ExecutionStatus };

export interface StartedExecution {
  executionArn: string;
  /** ISO. */
  startDate: string;
  /** The name was taken already (a duplicate delivery): nothing new started. */
  duplicate: boolean;
}

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
}

export interface ExecutionDetails extends ExecutionSummary {
  /** The input and output as JSON text. */
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ListExecutionsOptions {
  status?: ExecutionStatus;
  limit?: number;
  /** The `cursor` of the previous page. */
  cursor?: string;
}

const MAX_NAME = 80;

const executionNotFound =
  (arn: string): Translate =>
  (name, error) =>
    name === "ExecutionDoesNotExist"
      ? new NotFoundError(`execution ${arn} does not exist`, { cause: error })
      : undefined;

function iso(date: Date | undefined, what: string): string {
  if (!date) throw new RipcordError(`Step Functions returned no ${what}`);
  return date.toISOString();
}

/** An execution's ARN from its state machine's ARN and its name (AWS's own format). */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/**
 * Deterministic name for the execution an alarm's state change starts, so every redelivery of the
 * same event maps to the same name and Step Functions refuses the copy. The hash covers the full
 * alarm name, so two long names with the same readable prefix still differ. The readable part
 * never holds "--" (a run of anything but letters, digits and "_" becomes one "-"), so the parts
 * stay apart and the name reads as the alarm's.
 */
export function executionName(alarmName: string, stateChangeTime: string): string {
  const at = Date.parse(stateChangeTime);
  if (Number.isNaN(at))
    throw new InputError(`stateChangeTime is not a valid time: "${stateChangeTime}"`);
  const hash = createHash("sha256").update(`${alarmName}\n${at}`).digest("hex").slice(0, 12);
  const epochSeconds = String(Math.floor(at / 1000));
  const room = MAX_NAME - hash.length - epochSeconds.length - 2;
  const readable = alarmName
    .replace(/[^A-Za-z0-9_]+/g, "-")
    .slice(0, Math.min(room, 40))
    .replace(/^-+|-+$/g, "");
  return [readable, hash, epochSeconds].filter((part) => part !== "").join("-");
}

/**
 * Starts an execution. Step Functions returns the running execution for the same name and input,
 * and refuses the name otherwise (ExecutionAlreadyExists): that refusal is a duplicate, not a failure.
 */
export async function startExecution(
  stateMachineArn: string,
  name: string,
  input: object,
): Promise<StartedExecution> {
  try {
    const output = await awsCall(
      "Step Functions StartExecution",
      () =>
        sfn().send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        ),
      (code, error) => {
        if (code === "ExecutionAlreadyExists")
          return new ConflictError(`execution name ${name} is taken`, { cause: error });
        if (code === "StateMachineDoesNotExist")
          return new NotFoundError(`state machine ${stateMachineArn} does not exist`, {
            cause: error,
          });
        if (code === "InvalidName")
          return new InputError(`"${name}" is not a valid execution name`, { cause: error });
        return undefined;
      },
    );
    return {
      executionArn: output.executionArn ?? executionArnOf(stateMachineArn, name),
      startDate: iso(output.startDate, "start date"),
      duplicate: false,
    };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await describeExecution(executionArnOf(stateMachineArn, name));
    return { executionArn: existing.executionArn, startDate: existing.startDate, duplicate: true };
  }
}

export async function describeExecution(executionArn: string): Promise<ExecutionDetails> {
  const output = await awsCall(
    "Step Functions DescribeExecution",
    () => sfn().send(new DescribeExecutionCommand({ executionArn })),
    executionNotFound(executionArn),
  );
  if (!output.executionArn || !output.stateMachineArn || !output.status) {
    throw new RipcordError(`Step Functions DescribeExecution returned an incomplete execution`);
  }
  return {
    executionArn: output.executionArn,
    stateMachineArn: output.stateMachineArn,
    name: output.name ?? "",
    status: output.status,
    startDate: iso(output.startDate, "start date"),
    stopDate: output.stopDate?.toISOString(),
    input: output.input,
    output: output.output,
    error: output.error,
    cause: output.cause,
  };
}

/** One page of executions, newest first (Step Functions' order). */
export async function listExecutions(
  stateMachineArn: string,
  options: ListExecutionsOptions = {},
): Promise<{ executions: ExecutionSummary[]; cursor?: string }> {
  const output = await awsCall(
    "Step Functions ListExecutions",
    () =>
      sfn().send(
        new ListExecutionsCommand({
          stateMachineArn,
          statusFilter: options.status,
          maxResults: options.limit,
          nextToken: options.cursor,
        }),
      ),
    (code, error) => {
      if (code === "StateMachineDoesNotExist")
        return new NotFoundError(`state machine ${stateMachineArn} does not exist`, {
          cause: error,
        });
      if (code === "InvalidToken")
        return new InputError("the cursor is not valid", { cause: error });
      return undefined;
    },
  );
  const executions: ExecutionSummary[] = [];
  for (const item of output.executions ?? []) {
    if (
      !item.executionArn ||
      !item.stateMachineArn ||
      !item.name ||
      !item.status ||
      !item.startDate
    )
      continue;
    executions.push({
      executionArn: item.executionArn,
      stateMachineArn: item.stateMachineArn,
      name: item.name,
      status: item.status,
      startDate: item.startDate.toISOString(),
      stopDate: item.stopDate?.toISOString(),
    });
  }
  return { executions, cursor: output.nextToken };
}

export async function stopExecution(
  executionArn: string,
  details: { error?: string; cause?: string } = {},
): Promise<{ stopDate: string }> {
  const output = await awsCall(
    "Step Functions StopExecution",
    () =>
      sfn().send(
        new StopExecutionCommand({ executionArn, error: details.error, cause: details.cause }),
      ),
    executionNotFound(executionArn),
  );
  return { stopDate: iso(output.stopDate, "stop date") };
}
