/**
 * The names Step Functions gives state machines and executions (an execution's name is also its
 * rollback id): letters, digits, - and _, 1 to 80 of them. Unanchored, to build on. A module with
 * no schema in it, so that a bundle needing only the pattern (the console links every notification
 * renders) does not build the execution-input schemas of workflow/input.ts to get it.
 */
export const STEP_FUNCTIONS_NAME = "[A-Za-z0-9_-]{1,80}";
