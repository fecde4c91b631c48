export * from "./input.ts";
export * from "./steps.ts";
export * from "./definition.ts";
export * from "./alarm-event.ts";
export * from "./timeouts.ts";
