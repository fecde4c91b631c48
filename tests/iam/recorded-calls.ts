import { tableDefinition } from "@ripcord/core/aws/table";
import { readCallLog, type RecordedCall } from "@ripcord/local/call-log";
import { HARNESS } from "@ripcord/local/identity";
import { LOCAL_ACCOUNT } from "@ripcord/local/stepfunctions/index";
import { NAMES } from "@ripcord/local/environment";
import {
  authorizationsOf,
  type AuthorizedRequest,
  type CallContext,
} from "../../infra/authorization.ts";
import {
  FUNCTION_GRANTS,
  type PolicyContext,
  type RipcordFunction,
} from "../../infra/permissions.ts";
import { latestCallLog } from "../support/call-log.ts";

/*
 * The calls the suite recorded (packages/local/src/call-log.ts), as the IAM check reads them: each
 * distinct call of a Ripcord role with the authorisations AWS makes for it (infra/authorization.ts),
 * the tags of the function it names (as the harness or the sandbox deployed it), and the stage's
 * resources it reaches.
 */

export interface CheckedCall {
  role: RipcordFunction;
  operation: string;
  authorizations: AuthorizedRequest[];
  /** The Lambda function's tags, for a call on a function. */
  tags?: Record<string, string>;
  ctx: PolicyContext;
  call: RecordedCall;
}

const ROLES = new Set<string>(Object.keys(FUNCTION_GRANTS));

function isRole(role: string): role is RipcordFunction {
  return ROLES.has(role);
}

/** A function's name from a FunctionName parameter: a name, `name:qualifier`, or an ARN. */
function functionName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const arn = /:function:([^:]+)/.exec(value);
  return arn ? arn[1] : value.split(":")[0];
}

/** Tags as every CreateFunction of the run gave them (the harness's and the sandboxes'). */
function deployedTags(calls: readonly RecordedCall[]): Map<string, Record<string, string>> {
  const tags = new Map<string, Record<string, string>>();
  for (const call of calls) {
    if (call.service !== "lambda" || call.operation !== "CreateFunction") continue;
    const name = functionName(call.input.FunctionName);
    const given = call.input.Tags;
    if (!name) continue;
    const valid: Record<string, string> = {};
    if (given && typeof given === "object") {
      for (const [key, value] of Object.entries(given)) {
        if (typeof value === "string") valid[key] = value;
      }
    }
    tags.set(name, valid);
  }
  return tags;
}

const INDEX_NAMES = tableDefinition("any").create.GlobalSecondaryIndexes.flatMap((index) =>
  index.IndexName ? [index.IndexName] : [],
);

/**
 * The stage a call runs in, from the resources it reaches: each test deploys its own table,
 * topic and state machine, so the policy is instantiated on those, as infra instantiates it on
 * the stage's (infra/policy.ts). Lambda grants use the local stage's tag value.
 */
function stageOf(call: RecordedCall, authorizations: readonly AuthorizedRequest[]): PolicyContext {
  // The local stage's resources (the sandbox's names), replaced by those the call reaches.
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${call.region}:${LOCAL_ACCOUNT}:${resource}`;
  const ctx: PolicyContext = {
    partition: "aws",
    region: call.region,
    account: LOCAL_ACCOUNT,
    stage: NAMES.stage,
    table: { arn: arn("dynamodb", `table/${NAMES.table}`), indexNames: INDEX_NAMES },
    topicArn: arn("sns", NAMES.topic),
    stateMachineArn: arn("states", `stateMachine:${NAMES.stateMachine}`),
    distributionIds: [],
    alarmPrefix: call.alarmPrefix ?? NAMES.alarmPrefix,
    warmFunctionArns: [],
    deadLetterQueueArn: arn("sqs", `${NAMES.stateMachine}-dead-letters`),
  };
  for (const { action, resource } of authorizations) {
    const table = /^(arn:[^:]+:dynamodb:[^:]+:\d+:table\/[^/]+)/.exec(resource);
    if (table?.[1]) ctx.table = { arn: table[1], indexNames: INDEX_NAMES };
    if (action === "sns:Publish") ctx.topicArn = resource;
    if (resource.includes(":stateMachine:")) ctx.stateMachineArn = resource;
    const execution = /^(arn:[^:]+:states:[^:]+:\d+):execution:([^:]+):/.exec(resource);
    if (execution) ctx.stateMachineArn = `${execution[1]}:stateMachine:${execution[2]}`;
    const distribution = /:distribution\/(.+)$/.exec(resource);
    if (distribution?.[1]) ctx.distributionIds = [distribution[1]];
    if (action === "lambda:InvokeFunction") ctx.warmFunctionArns = [resource];
  }
  return ctx;
}

export interface RecordedRun {
  /** Every call of a Ripcord role, distinct. */
  calls: CheckedCall[];
  /** How many calls were recorded in all, the harness's included. */
  recorded: number;
  /** Calls signed by a key that is neither a Ripcord role nor the harness. */
  unknownRoles: string[];
  /** Ripcord calls with no row in infra/authorization.ts (or a request it cannot read). */
  unreadable: string[];
}

export function recordedRun(
  at: Omit<CallContext, "region"> = { partition: "aws", account: LOCAL_ACCOUNT },
): RecordedRun {
  const log = readCallLog(latestCallLog()).map(({ call }) => call);
  const tags = deployedTags(log);
  const distinct = new Map<string, CheckedCall>();
  const unknownRoles = new Set<string>();
  const unreadable = new Set<string>();
  for (const call of log) {
    if (call.role === HARNESS) continue;
    if (!isRole(call.role)) {
      unknownRoles.add(call.role);
      continue;
    }
    let authorizations: AuthorizedRequest[];
    try {
      authorizations = authorizationsOf(call.service, call.operation, call.input, {
        ...at,
        region: call.region,
      });
    } catch (error) {
      unreadable.add(`${call.role} ${call.service}:${call.operation}: ${String(error)}`);
      continue;
    }
    const name = call.service === "lambda" ? functionName(call.input.FunctionName) : undefined;
    const checked: CheckedCall = {
      role: call.role,
      operation: `${call.service}:${call.operation}`,
      authorizations,
      ...(name && { tags: tags.get(name) ?? {} }),
      ctx: stageOf(call, authorizations),
      call,
    };
    distinct.set(
      JSON.stringify([checked.role, checked.authorizations, checked.tags, call.input]),
      checked,
    );
  }
  return {
    calls: [...distinct.values()],
    recorded: log.length,
    unknownRoles: [...unknownRoles],
    unreadable: [...unreadable],
  };
}
