/**
 * The execution state of a rollback run: what each step adds to the JSON that travels through Step
 * Functions. Both the steps (core/rollback) and the rendering (core/notify) read it; it imports
 * neither, so neither depends on the other through it.
 */
export * from "./execution.ts";
export * from "./notify-result.ts";
