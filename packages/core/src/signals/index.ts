export * from "./sources.ts";
export * from "./queries.ts";
