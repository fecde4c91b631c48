/**
 * Typed errors. The `name` is what Step Functions sees as the error type, so the
 * state machine's Retry and Catch match on these names.
 */
export class RipcordError extends Error {
  override name = "RipcordError";
}

/** ripcord.config.ts or RIPCORD_CONFIG is invalid. */
export class ConfigError extends RipcordError {
  override name = "ConfigError";
}

/** Input that does not match its schema (an event, an API body, a scenario file). */
export class InputError extends RipcordError {
  override name = "InputError";
}

/** Throttling, 5xx or a network fault from AWS after the SDK's own retries: the state Retry tries again. */
export class TransientError extends RipcordError {
  override name = "TransientError";
}

/** The alias moved since Verify saw it (a newer deploy): the rollback must not overwrite it. */
export class AliasMovedError extends RipcordError {
  override name = "AliasMovedError";
}

/** A conditional write lost (lock held, cooldown active). */
export class ConflictError extends RipcordError {
  override name = "ConflictError";
}

/** Something named does not exist (service, function, version, rollback). */
export class NotFoundError extends RipcordError {
  override name = "NotFoundError";
}

/** The machine lacks something Ripcord needs to run locally (python3, moto, a free port); the CLI exits with 3. */
export class EnvironmentError extends RipcordError {
  override name = "EnvironmentError";
}

/** Every notification channel failed; after the shift this becomes a warning, never an undo. */
export class NotificationError extends RipcordError {
  override name = "NotificationError";
}

/** One or more aliases could not be reconciled in a tick (the others were). */
export class ReconcileError extends RipcordError {
  override name = "ReconcileError";
}

/** An error in one line for a person: its name and message (no stack), or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
