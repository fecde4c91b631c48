// Type-only SDK import: infra imports this file and must not load the SDK to read a schema.
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/** Attribute names of Ripcord's single table (docs/contracts.md, "Table"). */
export const KEYS = {
  partition: "pk",
  sort: "sk",
  byTimeIndex: "byTime",
  byTimePartition: "gsi1pk",
  byTimeSort: "gsi1sk",
  expiresAt: "expiresAt",
} as const;

export interface TableDefinition {
  /** Ready for DynamoDB CreateTable. */
  create: CreateTableCommandInput & {
    TableName: string;
    BillingMode: "PAY_PER_REQUEST";
    AttributeDefinitions: Array<{ AttributeName: string; AttributeType: "S" }>;
    KeySchema: Array<{ AttributeName: string; KeyType: "HASH" | "RANGE" }>;
    GlobalSecondaryIndexes: Array<{
      IndexName: string;
      KeySchema: Array<{ AttributeName: string; KeyType: "HASH" | "RANGE" }>;
      Projection: { ProjectionType: "ALL" };
    }>;
  };
  /** Epoch-seconds attribute DynamoDB's TTL deletes items by (expired locks and cooldowns). */
  ttlAttribute: string;
}

/** The one definition of the table: infra, the sandbox and the tests all create it from here. */
export function tableDefinition(name: string): TableDefinition {
  return {
    create: {
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: KEYS.partition, AttributeType: "S" },
        { AttributeName: KEYS.sort, AttributeType: "S" },
        { AttributeName: KEYS.byTimePartition, AttributeType: "S" },
        { AttributeName: KEYS.byTimeSort, AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: KEYS.partition, KeyType: "HASH" },
        { AttributeName: KEYS.sort, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: KEYS.byTimeIndex,
          KeySchema: [
            { AttributeName: KEYS.byTimePartition, KeyType: "HASH" },
            { AttributeName: KEYS.byTimeSort, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    },
    ttlAttribute: KEYS.expiresAt,
  };
}
