import { PutCommand, UpdateCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { InputError, NotFoundError } from "../../errors/index.ts";
import {
  RollbackRecordSchema,
  SHIFTED,
  StepRecordSchema,
  type RollbackRecord,
  type RollbackStatus,
  type StepRecord,
} from "../../history/index.ts";
import { awsCall } from "../failure.ts";
import { KEYS } from "../table.ts";
import {
  conditionally,
  documents,
  parseItem,
  queryPages,
  rollbackKey,
  tableName,
} from "./table-access.ts";

/**
 * Every rollback record sits in one index partition, ordered by `<startedAt>#<id>`; a service's
 * list filters it. Rollbacks are rare (a daily cap per service), so one partition stays small.
 */
const ALL_ROLLBACKS = "ROLLBACKS";
const RECORD_SK = "ROLLBACK";
const STEP_PREFIX = "STEP#";

/** What updateRollback may change: everything but the identity and the start. */
export type RollbackPatch = Partial<
  Omit<RollbackRecord, "id" | "service" | "source" | "startedAt">
>;

export interface RollbackPage {
  items: RollbackRecord[];
  /** Pass back to get the next (older) page; absent on the last page. */
  cursor?: string;
}

const TimeKeyItem = z.object({ gsi1sk: z.string() });

const CursorKey = z.strictObject({
  pk: z.string().check(z.startsWith("ROLLBACK#")),
  sk: z.literal(RECORD_SK),
  gsi1pk: z.literal(ALL_ROLLBACKS),
  gsi1sk: z.string().check(z.minLength(1)),
});

/** Index sort key: UTC with milliseconds, so keys of any offset sort in time order. */
export function timeKey(record: Pick<RollbackRecord, "startedAt" | "id">): string {
  return `${new Date(record.startedAt).toISOString()}#${record.id}`;
}

/*
 * Items and records. A record is the domain's (core/history) and what the API returns; an item is
 * how the table holds it: the record's fields beside its keys. How items are stored can change here
 * without changing a record.
 */
const RollbackItem = z.extend(RollbackRecordSchema, {
  pk: z.string(),
  sk: z.literal(RECORD_SK),
  [KEYS.byTimePartition]: z.literal(ALL_ROLLBACKS),
  [KEYS.byTimeSort]: z.string(),
});
const StepItem = z.extend(StepRecordSchema, { pk: z.string(), sk: z.string() });

function rollbackItem(record: RollbackRecord): z.input<typeof RollbackItem> {
  return {
    ...record,
    pk: rollbackKey(record.id),
    sk: RECORD_SK,
    [KEYS.byTimePartition]: ALL_ROLLBACKS,
    [KEYS.byTimeSort]: timeKey(record),
  };
}

function recordOf(item: Record<string, unknown>): RollbackRecord {
  const {
    pk: _pk,
    sk: _sk,
    [KEYS.byTimePartition]: _byTimePartition,
    [KEYS.byTimeSort]: _byTimeSort,
    ...record
  } = parseItem(RollbackItem, item, "rollback");
  return record;
}

function stepItem(id: string, step: StepRecord): z.input<typeof StepItem> {
  return { ...step, pk: rollbackKey(id), sk: `${STEP_PREFIX}${step.startedAt}#${step.name}` };
}

function stepOf(item: Record<string, unknown>): StepRecord {
  const { pk: _pk, sk: _sk, ...step } = parseItem(StepItem, item, "step");
  return step;
}

/** Creates the record; an existing one with the same id is kept (a retried step). */
export async function putRollback(record: RollbackRecord): Promise<{ created: boolean }> {
  const written = await conditionally("DynamoDB PutItem (rollback)", () =>
    documents().send(new PutCommand(newRollbackPut(record).Put)),
  );
  return { created: written !== undefined };
}

/** putRollback's write as an item of a transaction: it cancels the transaction when the record exists. */
export function newRollbackPut(record: RollbackRecord) {
  return {
    Put: {
      TableName: tableName(),
      Item: rollbackItem(record),
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** Sets the given fields (undefined ones are left alone); returns the record as stored. */
export async function updateRollback(id: string, patch: RollbackPatch): Promise<RollbackRecord> {
  const fields = Object.entries(patch).filter(([, value]) => value !== undefined);
  if (fields.length === 0) return (await getRollback(id)).record;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = fields.map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    return `#f${i} = :v${i}`;
  });
  const output = await conditionally("DynamoDB UpdateItem (rollback)", () =>
    documents().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: rollbackKey(id), sk: RECORD_SK },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  if (!output?.Attributes) throw new NotFoundError(`rollback ${id} does not exist`);
  return recordOf(output.Attributes);
}

/** Records one state's result; the same step at the same time written twice stays one entry. */
export async function appendStep(id: string, step: StepRecord): Promise<void> {
  await awsCall("DynamoDB PutItem (step)", () =>
    documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: stepItem(id, step),
      }),
    ),
  );
}

/** The record and its steps in time order, from one partition. */
export async function getRollback(
  id: string,
): Promise<{ record: RollbackRecord; steps: StepRecord[] }> {
  let record: RollbackRecord | undefined;
  const steps: StepRecord[] = [];
  const pages = queryPages("DynamoDB Query (rollback)", {
    TableName: tableName(),
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": rollbackKey(id) },
  });
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (item.sk === RECORD_SK) record = recordOf(item);
      else if (typeof item.sk === "string" && item.sk.startsWith(STEP_PREFIX))
        steps.push(stepOf(item));
    }
  }
  if (!record) throw new NotFoundError(`rollback ${id} does not exist`);
  return { record, steps };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeCursor(cursor: string): z.output<typeof CursorKey> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InputError(
      "the cursor is not valid: pass back the cursor of the previous page unchanged",
      { cause: error },
    );
  }
  const parsed = CursorKey.safeParse(decoded);
  if (!parsed.success)
    throw new InputError(
      "the cursor is not valid: pass back the cursor of the previous page unchanged",
      { cause: parsed.error },
    );
  return parsed.data;
}

function keyOf(record: RollbackRecord): Record<string, string> {
  return {
    pk: rollbackKey(record.id),
    sk: RECORD_SK,
    gsi1pk: ALL_ROLLBACKS,
    gsi1sk: timeKey(record),
  };
}

/** Rollbacks newest first, of one service or all; `cursor` continues where the last page ended. */
export async function listRollbacks(options: {
  service?: string;
  limit: number;
  cursor?: string;
}): Promise<RollbackPage> {
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 100) {
    throw new InputError(`limit must be an integer from 1 to 100, got ${options.limit}`);
  }
  const items: RollbackRecord[] = [];
  const startKey = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const query: QueryCommandInput = {
    TableName: tableName(),
    IndexName: KEYS.byTimeIndex,
    KeyConditionExpression: "gsi1pk = :all",
    ExpressionAttributeValues: { ":all": ALL_ROLLBACKS },
    ScanIndexForward: false,
    // With a service filter DynamoDB counts filtered-out items against Limit: read more per page.
    Limit: options.service === undefined ? options.limit : Math.max(options.limit, 25),
  };
  if (options.service !== undefined) {
    query.FilterExpression = "#service = :service";
    query.ExpressionAttributeNames = { "#service": "service" };
    query.ExpressionAttributeValues = { ":all": ALL_ROLLBACKS, ":service": options.service };
  }
  for await (const page of queryPages("DynamoDB Query (rollbacks)", query, startKey)) {
    const remaining = options.limit - items.length;
    const found = (page.Items ?? []).map(recordOf);
    items.push(...found.slice(0, remaining));
    const last = items.at(-1);
    // The page held more than fits: the next page starts after the last record returned.
    if (found.length > remaining && last) return { items, cursor: encodeCursor(keyOf(last)) };
    if (items.length === options.limit) {
      const next = page.LastEvaluatedKey;
      return { items, cursor: next ? encodeCursor(next) : undefined };
    }
  }
  return { items };
}

/** How many of the service's rollbacks started at or after `sinceIso` and ended in one of `statuses`. */
export async function countRollbacksSince(
  service: string,
  sinceIso: string,
  statuses: readonly RollbackStatus[] = SHIFTED,
): Promise<number> {
  if (statuses.length === 0) return 0;
  let count = 0;
  const query = { ...rollbacksSince(service, sinceIso, statuses), Select: "COUNT" as const };
  for await (const page of queryPages("DynamoDB Query (rollback count)", query))
    count += page.Count ?? 0;
  return count;
}

/**
 * The index keys (`<startedAt>#<id>`) of what countRollbacksSince counts, for the shift count's
 * seed. Whole items are read (a day's rollbacks of one service are few): moto 5.2.1 answers this
 * Query with a ProjectionExpression by HTTP 500.
 */
export async function rollbackKeysSince(
  service: string,
  sinceIso: string,
  statuses: readonly RollbackStatus[] = SHIFTED,
): Promise<string[]> {
  if (statuses.length === 0) return [];
  const keys: string[] = [];
  const query = rollbacksSince(service, sinceIso, statuses);
  for await (const page of queryPages("DynamoDB Query (rollback keys)", query)) {
    for (const item of page.Items ?? [])
      keys.push(parseItem(TimeKeyItem, item, "rollback key").gsi1sk);
  }
  return keys;
}

/** The service's rollbacks started at or after `sinceIso` that ended in one of `statuses`, by the time index. */
function rollbacksSince(
  service: string,
  sinceIso: string,
  statuses: readonly RollbackStatus[],
): QueryCommandInput {
  const statusValues = Object.fromEntries(statuses.map((status, i) => [`:s${i}`, status]));
  return {
    TableName: tableName(),
    IndexName: KEYS.byTimeIndex,
    KeyConditionExpression: "gsi1pk = :all AND gsi1sk >= :since",
    FilterExpression: `#service = :service AND #status IN (${Object.keys(statusValues).join(", ")})`,
    ExpressionAttributeNames: { "#service": "service", "#status": "status" },
    ExpressionAttributeValues: {
      ":all": ALL_ROLLBACKS,
      ":since": new Date(sinceIso).toISOString(),
      ":service": service,
      ...statusValues,
    },
  };
}
