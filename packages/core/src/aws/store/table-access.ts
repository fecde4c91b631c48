import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import type * as z from "zod/mini";
import { ConfigError, RipcordError } from "../../errors/index.ts";
import { clientConfig, lazyClient } from "../clients.ts";
import { awsCall, awsCallTolerating } from "../failure.ts";

/** DynamoDB with plain JS values; optional fields left undefined are simply not written. */
export const documents = /* @__PURE__ */ lazyClient(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

/** The table every store call uses: RIPCORD_TABLE, read per call so tests and the sandbox can set it late. */
export function tableName(): string {
  const name = process.env.RIPCORD_TABLE;
  if (!name) throw new ConfigError("RIPCORD_TABLE is not set: it names Ripcord's DynamoDB table");
  return name;
}

/**
 * The pages of a Query, each read when the caller asks for the next one: lib-dynamodb's
 * paginateQuery follows LastEvaluatedKey from `startKey` on. Each request is one awsCall (a failure
 * leaves as a typed error); what the caller does with a page is not wrapped, so its own errors stay
 * its own. A caller that stops early reads no further page.
 */
export async function* queryPages(
  operation: string,
  input: QueryCommandInput,
  startKey?: Record<string, unknown>,
): AsyncGenerator<QueryCommandOutput, void, undefined> {
  const pages = paginateQuery({ client: documents(), startingToken: startKey }, input);
  for (;;) {
    const next = await awsCall(operation, () => pages.next());
    if (next.done) return;
    yield next.value;
  }
}

/** Runs a conditional write; undefined when its condition did not hold (any other failure throws). */
export function conditionally<T>(
  operation: string,
  write: () => Promise<T>,
): Promise<T | undefined> {
  return awsCallTolerating(operation, ["ConditionalCheckFailedException"], write);
}

export function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

/** Parses an item read from the table; a malformed one is a defect, reported without its content. */
export function parseItem<T extends z.ZodMiniType>(
  schema: T,
  item: unknown,
  what: string,
): z.output<T> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) {
    throw new RipcordError(`the ${what} item in ${tableName()} does not match its schema`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export const serviceKey = (scope: string): string => `SERVICE#${scope}`;
export const rollbackKey = (id: string): string => `ROLLBACK#${id}`;
export const ledgerKey = (fn: string, alias: string): string => `LEDGER#${fn}#${alias}`;
