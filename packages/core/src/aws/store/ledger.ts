import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { ConflictError } from "../../errors/index.ts";
import { ReleaseSchema } from "../../release/schema.ts";
import type { Release } from "../../release/types.ts";
import { awsCall } from "../failure.ts";
import { conditionally, documents, ledgerKey, parseItem, tableName } from "./table-access.ts";

const LedgerItem = z.object({ releases: z.array(ReleaseSchema), rev: z.number().int().min(1) });

export interface StoredLedger {
  /** Oldest first. */
  releases: Release[];
  /** Revision to pass to saveLedger; 0 when no ledger exists yet. */
  rev: number;
}

export async function loadLedger(fn: string, alias: string): Promise<StoredLedger> {
  const output = await awsCall("DynamoDB GetItem (ledger)", () =>
    documents().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: ledgerKey(fn, alias), sk: "LEDGER" },
        ConsistentRead: true,
      }),
    ),
  );
  if (!output.Item) return { releases: [], rev: 0 };
  const { releases, rev } = parseItem(LedgerItem, output.Item, "ledger");
  return { releases, rev };
}

/**
 * Writes the ledger if it is still at `expectedRev` (compare-and-swap): the reconciler and a
 * rollback may both update it, and the loser must re-read rather than overwrite. Returns the new rev.
 */
export async function saveLedger(
  fn: string,
  alias: string,
  releases: Release[],
  expectedRev: number,
): Promise<number> {
  const rev = expectedRev + 1;
  const condition =
    expectedRev === 0
      ? { ConditionExpression: "attribute_not_exists(pk)" }
      : {
          ConditionExpression: "rev = :expected",
          ExpressionAttributeValues: { ":expected": expectedRev },
        };
  const written = await conditionally("DynamoDB PutItem (ledger)", () =>
    documents().send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: ledgerKey(fn, alias), sk: "LEDGER", releases, rev },
        ...condition,
      }),
    ),
  );
  if (written === undefined) {
    throw new ConflictError(
      `the ledger of ${fn}:${alias} changed since revision ${expectedRev}; read it again`,
    );
  }
  return rev;
}
