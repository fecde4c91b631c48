import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { ConflictError } from "../../errors/index.ts";
import { awsCall, awsCallTolerating } from "../failure.ts";
import {
  conditionally,
  documents,
  epochSeconds,
  parseItem,
  serviceKey,
  tableName,
} from "./table-access.ts";
import { dailyCapCheck, SHIFT_COUNT_SK } from "./shift-count.ts";
import { newRollbackPut } from "./rollbacks.ts";
import type { RollbackRecord } from "../../history/index.ts";

const isoTime = z.iso.datetime({ offset: true });

const LockItem = z.object({ owner: z.string(), acquiredAt: isoTime, expiresAt: z.number() });
const CooldownItem = z.object({ until: isoTime });
const PauseItem = z.object({
  reason: z.string(),
  until: z.optional(isoTime),
  actor: z.string(),
  at: isoTime,
});
const FreezeItem = z.object({
  /** function -> the version rolled back (known-bad). */
  versions: z.record(z.string(), z.string()),
  rollbackId: z.string(),
  since: isoTime,
});

export type Pause = z.output<typeof PauseItem>;
export type Freeze = z.output<typeof FreezeItem>;

export interface Lock {
  owner: string;
  acquiredAt: string;
  /** ISO. */
  expiresAt: string;
}

export interface ServiceState {
  lock?: Lock;
  cooldownUntil?: string;
  /** The service's own pause, else the global one (`scope` "*"). */
  pause?: Pause & { scope: string };
  frozen?: Freeze;
  /** Whether the service's shift count (shift-count.ts) exists: until it does, Lock counts with a Query. */
  shiftCountSeeded: boolean;
}

/** Pause scope for every service at once. */
export const ALL_SERVICES = "*";

function toLock(item: z.output<typeof LockItem>): Lock {
  return {
    owner: item.owner,
    acquiredAt: item.acquiredAt,
    expiresAt: new Date(item.expiresAt * 1000).toISOString(),
  };
}

/**
 * Takes the service's lock for `owner` until now + ttl. It succeeds when nobody holds it, when the
 * holder's lock expired, or when `owner` already holds it (a retried Lock step); otherwise
 * ConflictError names the holder.
 */
export async function acquireLock(
  service: string,
  owner: string,
  nowIso: string,
  ttlSeconds: number,
): Promise<Lock> {
  const now = epochSeconds(nowIso);
  const item = {
    pk: serviceKey(service),
    sk: "LOCK",
    owner,
    acquiredAt: nowIso,
    expiresAt: now + ttlSeconds,
  };
  const written = await conditionally("DynamoDB PutItem (lock)", () =>
    documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: item,
        ConditionExpression: "attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":now": now, ":owner": owner },
      }),
    ),
  );
  if (written) return toLock(item);

  const holder = await awsCall("DynamoDB GetItem (lock)", () =>
    documents().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: serviceKey(service), sk: "LOCK" },
        ConsistentRead: true,
      }),
    ),
  );
  const held = holder.Item ? toLock(parseItem(LockItem, holder.Item, "lock")) : undefined;
  throw new ConflictError(
    held
      ? `service ${service} is locked by ${held.owner} until ${held.expiresAt}`
      : `service ${service} was locked by another run while taking the lock`,
  );
}

/**
 * Takes the service's lock for `owner`, as acquireLock does, in one transaction with the guards an
 * automatic rollback must pass at `nowIso`: no cooldown in force, no pause of the service or of
 * every service in force (ConditionChecks on their items' untilMs; a pause without an end is in
 * force), and with `dailyCap`, fewer rollbacks than that in the last 24 hours (shift-count.ts).
 * True when taken. False when the transaction was cancelled: the lock is held, a guard is in
 * force, another transaction on these items ran at the same moment, an item was written before
 * untilMs existed, the service's shift count is not seeded yet, or `record` exists already (a
 * retried step); the caller reads the state to tell which.
 */
export async function acquireLockIfClear(
  service: string,
  owner: string,
  nowIso: string,
  ttlSeconds: number,
  options: {
    dailyCap?: number | undefined;
    /** The run's history record, written in the same transaction (which it cancels if it exists). */
    record?: RollbackRecord | undefined;
  } = {},
): Promise<boolean> {
  const { dailyCap, record } = options;
  const now = epochSeconds(nowIso);
  const ended = {
    TableName: tableName(),
    ConditionExpression: "attribute_not_exists(pk) OR untilMs <= :nowMs",
    ExpressionAttributeValues: { ":nowMs": Date.parse(nowIso) },
  };
  const written = await awsCallTolerating(
    "DynamoDB TransactWriteItems (lock and guards)",
    ["TransactionCanceledException"],
    () =>
      documents().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName(),
                Item: {
                  pk: serviceKey(service),
                  sk: "LOCK",
                  owner,
                  acquiredAt: nowIso,
                  expiresAt: now + ttlSeconds,
                },
                ConditionExpression:
                  "attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner",
                ExpressionAttributeNames: { "#owner": "owner" },
                ExpressionAttributeValues: { ":now": now, ":owner": owner },
              },
            },
            { ConditionCheck: { ...ended, Key: { pk: serviceKey(service), sk: "COOLDOWN" } } },
            { ConditionCheck: { ...ended, Key: { pk: serviceKey(service), sk: "PAUSE" } } },
            { ConditionCheck: { ...ended, Key: { pk: serviceKey(ALL_SERVICES), sk: "PAUSE" } } },
            ...(dailyCap === undefined ? [] : [dailyCapCheck(service, nowIso, dailyCap)]),
            ...(record === undefined ? [] : [newRollbackPut(record)]),
          ],
        }),
      ),
  );
  return written !== undefined;
}

/** Releases the lock if `owner` holds it; no lock is fine, another owner's lock is a ConflictError. */
export async function releaseLock(service: string, owner: string): Promise<void> {
  const released = await conditionally("DynamoDB DeleteItem (lock)", () =>
    documents().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: { pk: serviceKey(service), sk: "LOCK" },
        ConditionExpression: "attribute_not_exists(pk) OR #owner = :owner",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":owner": owner },
      }),
    ),
  );
  if (!released)
    throw new ConflictError(
      `service ${service} is locked by another run than ${owner}; its lock was left in place`,
    );
}

async function put(
  service: string,
  sk: string,
  attributes: Record<string, unknown>,
  what: string,
): Promise<void> {
  await awsCall(`DynamoDB PutItem (${what})`, () =>
    documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...attributes, pk: serviceKey(service), sk },
      }),
    ),
  );
}

async function remove(service: string, sk: string, what: string): Promise<void> {
  await awsCall(`DynamoDB DeleteItem (${what})`, () =>
    documents().send(
      new DeleteCommand({ TableName: tableName(), Key: { pk: serviceKey(service), sk } }),
    ),
  );
}

/** No new rollback of the service starts before `untilIso`; TTL removes the item afterwards. */
export async function setCooldown(service: string, untilIso: string): Promise<void> {
  // untilMs: the end as a number, for acquireLockIfClear's condition (ISO strings with offsets do not compare).
  await put(
    service,
    "COOLDOWN",
    { until: untilIso, untilMs: Date.parse(untilIso), expiresAt: epochSeconds(untilIso) },
    "cooldown",
  );
}

/** Pauses one service, or every service with scope "*". */
export async function setPause(scope: string, pause: Pause): Promise<void> {
  await put(
    scope,
    "PAUSE",
    { ...pause, ...(pause.until !== undefined && { untilMs: Date.parse(pause.until) }) },
    "pause",
  );
}

export async function clearPause(scope: string): Promise<void> {
  await remove(scope, "PAUSE", "pause");
}

/** Marks the service frozen after a rollback: CI's `ripcord gate` refuses deploys until cleared. */
export async function setFrozen(service: string, freeze: Freeze): Promise<void> {
  await put(service, "FREEZE", { ...freeze }, "freeze");
}

export async function clearFrozen(service: string): Promise<void> {
  await remove(service, "FREEZE", "freeze");
}

/**
 * Lock, cooldown, pause (the service's or the global one) and freeze in one consistent read.
 * With `nowIso`, only what is in force then: an expired lock, a past cooldown or an ended pause is left out.
 */
export async function getServiceState(service: string, nowIso?: string): Promise<ServiceState> {
  const keys = [
    { pk: serviceKey(service), sk: "LOCK" },
    { pk: serviceKey(service), sk: "COOLDOWN" },
    { pk: serviceKey(service), sk: "PAUSE" },
    { pk: serviceKey(ALL_SERVICES), sk: "PAUSE" },
    { pk: serviceKey(service), sk: "FREEZE" },
    { pk: serviceKey(service), sk: SHIFT_COUNT_SK },
  ];
  const output = await awsCall("DynamoDB TransactGetItems (service state)", () =>
    documents().send(
      new TransactGetCommand({
        TransactItems: keys.map((Key) => ({ Get: { TableName: tableName(), Key } })),
      }),
    ),
  );
  const [lock, cooldown, servicePause, globalPause, freeze, shiftCount] = keys.map(
    (_, i) => output.Responses?.[i]?.Item,
  );
  const now = nowIso === undefined ? undefined : new Date(nowIso).getTime();
  const inForce = (until: string | undefined): boolean =>
    now === undefined || until === undefined || new Date(until).getTime() > now;

  const state: ServiceState = { shiftCountSeeded: shiftCount !== undefined };
  if (lock) {
    const parsed = toLock(parseItem(LockItem, lock, "lock"));
    if (inForce(parsed.expiresAt)) state.lock = parsed;
  }
  if (cooldown) {
    const { until } = parseItem(CooldownItem, cooldown, "cooldown");
    if (inForce(until)) state.cooldownUntil = until;
  }
  for (const [item, scope] of [
    [servicePause, service],
    [globalPause, ALL_SERVICES],
  ] as const) {
    if (!item || state.pause) continue;
    const pause = parseItem(PauseItem, item, "pause");
    if (inForce(pause.until)) state.pause = { ...pause, scope };
  }
  if (freeze) state.frozen = parseItem(FreezeItem, freeze, "freeze");
  return state;
}
