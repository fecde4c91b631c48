/** Ripcord's single DynamoDB table, created from the same definition the sandbox and tests use. */
import { tableDefinition } from "@ripcord/core/aws/table";
import { ConfigError } from "@ripcord/core/errors";
import { isProduction, tableName } from "./context.ts";

interface KeyElement {
  AttributeName?: string;
  KeyType?: string;
}

function keyOf(
  schema: readonly KeyElement[] | undefined,
  type: "HASH" | "RANGE",
): string | undefined {
  return schema?.find((entry) => entry.KeyType === type)?.AttributeName;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new ConfigError(`tableDefinition() has no ${what}`);
  return value;
}

export function createStorage() {
  const { create, ttlAttribute } = tableDefinition(tableName);
  const indexes = create.GlobalSecondaryIndexes.map((index) => ({
    name: required(index.IndexName, "index name"),
    hashKey: required(keyOf(index.KeySchema, "HASH"), `hash key for index ${index.IndexName}`),
    rangeKey: keyOf(index.KeySchema, "RANGE"),
    projectionType: required(
      index.Projection?.ProjectionType,
      `projection for index ${index.IndexName}`,
    ),
  }));

  const table = new aws.dynamodb.Table("RipcordTable", {
    name: create.TableName,
    billingMode: create.BillingMode,
    attributes: create.AttributeDefinitions.map((attribute) => ({
      name: required(attribute.AttributeName, "attribute name"),
      type: required(attribute.AttributeType, `type for ${attribute.AttributeName}`),
    })),
    hashKey: required(keyOf(create.KeySchema, "HASH"), "hash key"),
    rangeKey: keyOf(create.KeySchema, "RANGE"),
    globalSecondaryIndexes: indexes,
    ttl: { attributeName: ttlAttribute, enabled: true },
    // The history of every rollback lives here: recoverable, and not deleted by accident.
    pointInTimeRecovery: { enabled: isProduction },
    deletionProtectionEnabled: isProduction,
  });

  return { table, indexNames: indexes.map((index) => index.name) };
}

export type Storage = ReturnType<typeof createStorage>;
