import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { ConflictError } from "../../errors/index.ts";
import { DAY_MS } from "../../verify/time.ts";
import { awsCall } from "../failure.ts";
import { rollbackKeysSince } from "./rollbacks.ts";
import { conditionally, documents, parseItem, serviceKey, tableName } from "./table-access.ts";

/*
 * The service's rollbacks that moved an alias in the last 24 hours, as one item, so that the Lock
 * step checks the daily cap in the same transaction that takes the lock (a ConditionCheck), rather
 * than with a Query once the lock is held. `recent` holds the history index keys of those rollbacks
 * (`<startedAt>#<id>`, UTC ISO, so they sort in time order), newest first: what
 * countRollbacksSince counts, item for item. The count is written by Record (and Fail) before
 * they release the lock, so a run that takes the lock sees every earlier run counted.
 *
 * The item is absent until a service's counter is seeded from its history (by the reconciler's
 * first tick, or by the first rollback); while absent, the transaction is refused and Lock counts
 * with the Query, as before this item existed: a service upgraded with rollbacks in its history
 * is never under-counted.
 */

export const SHIFT_COUNT_SK = "SHIFTS";
const ATTEMPTS = 3;

const ShiftCountItem = z.object({ recent: z.array(z.string()), rev: z.number().check(z.int()) });

const dayBefore = (nowIso: string): string => new Date(Date.parse(nowIso) - DAY_MS).toISOString();

/**
 * The ConditionCheck of Lock's transaction: fewer than `cap` rollbacks of the service at or after
 * 24 hours before `nowIso` (the `cap`-th newest key is older, or there are fewer keys).
 */
export function dailyCapCheck(service: string, nowIso: string, cap: number) {
  return {
    ConditionCheck: {
      TableName: tableName(),
      Key: { pk: serviceKey(service), sk: SHIFT_COUNT_SK },
      ConditionExpression: `attribute_exists(pk) AND (size(recent) < :cap OR recent[${cap - 1}] < :since)`,
      ExpressionAttributeValues: { ":cap": cap, ":since": dayBefore(nowIso) },
    },
  };
}

/** Creates the service's count from its history when it has none yet; an existing count is kept. */
export async function seedShiftCount(service: string, nowIso: string): Promise<void> {
  const keys = await rollbackKeysSince(service, dayBefore(nowIso));
  await conditionally("DynamoDB PutItem (shift count seed)", () =>
    documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: serviceKey(service), sk: SHIFT_COUNT_SK, recent: newestFirst(keys), rev: 0 },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    ),
  );
}

/**
 * Counts one rollback that moved an alias (its history index key). Idempotent: a retried Record
 * counts it once. Keys older than a day before `nowIso` are dropped, as no cap can count them again.
 */
export async function countShift(service: string, key: string, nowIso: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await readCount(service);
    if (!stored) {
      if (attempt >= ATTEMPTS)
        throw new ConflictError(
          `the shift count of ${service} could not be seeded from its history`,
        );
      // The seed reads the history; this rollback is added next whether the history shows it yet or not.
      await seedShiftCount(service, nowIso);
      continue;
    }
    const since = dayBefore(nowIso);
    const recent = newestFirst([...stored.recent, key].filter((k) => k >= since));
    const written = await conditionally("DynamoDB PutItem (shift count)", () =>
      documents().send(
        new PutCommand({
          TableName: tableName(),
          Item: { pk: serviceKey(service), sk: SHIFT_COUNT_SK, recent, rev: stored.rev + 1 },
          ConditionExpression: "rev = :rev",
          ExpressionAttributeValues: { ":rev": stored.rev },
        }),
      ),
    );
    if (written) return;
    if (attempt >= ATTEMPTS)
      throw new ConflictError(
        `the shift count of ${service} kept changing while ${key} was counted (${ATTEMPTS} attempts)`,
      );
  }
}

async function readCount(service: string): Promise<z.output<typeof ShiftCountItem> | undefined> {
  const output = await awsCall("DynamoDB GetItem (shift count)", () =>
    documents().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: serviceKey(service), sk: SHIFT_COUNT_SK },
        ConsistentRead: true,
      }),
    ),
  );
  return output.Item ? parseItem(ShiftCountItem, output.Item, "shift count") : undefined;
}

function newestFirst(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort().reverse();
}
