export type { AliasRouting, Ledger, Release } from "./types.ts";
export {
  MAX_RELEASES,
  annotate,
  bound,
  markBad,
  observe,
  promote,
  type ReleaseMeta,
} from "./ledger.ts";
export { current, isKnownBad, target, tookTrafficAt, type RollbackTarget } from "./target.ts";
export { AliasRoutingSchema, ReleaseSchema } from "./schema.ts";
