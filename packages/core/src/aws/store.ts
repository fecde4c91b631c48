export * from "./store/records.ts";
export * from "./store/service-state.ts";
export * from "./store/rollbacks.ts";
export * from "./store/ledger.ts";
