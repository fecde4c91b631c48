import { RipcordError } from "@ripcord/core/errors";

/** Exit codes a script can rely on; `ripcord help` lists them. */
export const EXIT = {
  /** Done; for gate: a deploy may proceed; for watch: the rollback shifted the aliases. */
  ok: 0,
  /** The API refused or failed the request (its reason on stderr). */
  refused: 1,
  /** Bad usage: unknown command or option, a missing argument, no URL or token. */
  usage: 2,
  /** The API could not be reached, or what answered is not Ripcord's API. */
  unreachable: 3,
  /** The answer is no: gate while frozen; watch when the rollback ended without shifting (held, failed, aborted). */
  no: 4,
} as const;

/** The API answered with a problem document. */
export class ApiError extends RipcordError {
  override name = "ApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** No answer from the API, or an answer that is not the API's. */
export class UnreachableError extends RipcordError {
  override name = "UnreachableError";
}
