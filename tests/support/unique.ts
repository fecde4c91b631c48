import { randomBytes } from "node:crypto";

/**
 * A name no other test uses on the shared moto server: `<prefix>-<8 hex>`. Valid as a Lambda
 * function, alias, role, table, topic and alarm name as long as the prefix is ([a-z0-9-], short).
 */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}
