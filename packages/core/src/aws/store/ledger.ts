import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod/mini";
import { ConflictError } from "../../errors/index.ts";
import { ReleaseSchema } from "../../release/schema.ts";
import type { Release } from "../../release/types.ts";
import { BaselineSummarySchema, type BaselineSummary } from "../../verify/baseline-summary.ts";
import { awsCall } from "../failure.ts";
import { conditionally, documents, ledgerKey, parseItem, tableName } from "./table-access.ts";

const LedgerItem = z.object({
  releases: z.array(ReleaseSchema),
  rev: z.number().check(z.int(), z.gte(1)),
  baseline: z.optional(BaselineSummarySchema),
});

export interface StoredLedger {
  /** Oldest first. */
  releases: Release[];
  /** Revision to pass to saveLedger; 0 when no ledger exists yet. */
  rev: number;
  /** The reconciler's summary of the current release's baseline hour (rollback/baseline.ts), once kept. */
  baseline?: BaselineSummary;
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
  const { releases, rev, baseline } = parseItem(LedgerItem, output.Item, "ledger");
  return { releases, rev, ...(baseline && { baseline }) };
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
  // An update, not a put: the item also keeps the baseline summary, which this write leaves alone.
  const written = await conditionally("DynamoDB UpdateItem (ledger)", () =>
    documents().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: ledgerKey(fn, alias), sk: "LEDGER" },
        UpdateExpression: "SET releases = :releases, rev = :rev",
        ...condition,
        ExpressionAttributeValues: {
          ...condition.ExpressionAttributeValues,
          ":releases": releases,
          ":rev": rev,
        },
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

/**
 * Keeps the summary of the current release's baseline hour on the ledger item (the reconciler,
 * once the hour is published). It replaces an older release's summary; the ledger itself and its
 * rev are left alone, so no ledger write races it. False when the ledger does not exist (yet).
 */
export async function saveBaselineSummary(
  fn: string,
  alias: string,
  summary: BaselineSummary,
): Promise<boolean> {
  const written = await conditionally("DynamoDB UpdateItem (baseline summary)", () =>
    documents().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: ledgerKey(fn, alias), sk: "LEDGER" },
        UpdateExpression: "SET baseline = :baseline",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":baseline": summary },
      }),
    ),
  );
  return written !== undefined;
}
