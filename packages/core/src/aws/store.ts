/** The store reads and writes the domain's history records (core/history), mapped to its items. */
export type { RollbackRecord, StepRecord } from "../history/index.ts";
export * from "./store/service-state.ts";
export * from "./store/rollbacks.ts";
export * from "./store/ledger.ts";
export * from "./store/shift-count.ts";
