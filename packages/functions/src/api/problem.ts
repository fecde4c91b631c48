import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  ConfigError,
  ConflictError,
  InputError,
  NotFoundError,
  RipcordError,
  TransientError,
} from "@ripcord/core/errors";
import { log } from "../lib/logger.ts";

/** An error the API answers with a specific status; the message is what the caller reads. */
export class ApiProblem extends RipcordError {
  override name = "ApiProblem";
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** No credentials, or credentials that match no token. */
export class UnauthorizedError extends ApiProblem {
  override name = "UnauthorizedError";
  constructor(message: string) {
    super(401, message);
  }
}

/** A valid token whose scope does not allow the route. */
export class ForbiddenError extends ApiProblem {
  override name = "ForbiddenError";
  constructor(message: string) {
    super(403, message);
  }
}

/** Well-formed input that names something the current state makes impossible (a version that is not a target). */
export class UnprocessableError extends ApiProblem {
  override name = "UnprocessableError";
  constructor(message: string, options?: ErrorOptions) {
    super(422, message, {}, options);
  }
}

export class PayloadTooLargeError extends ApiProblem {
  override name = "PayloadTooLargeError";
  constructor(limitBytes: number) {
    super(
      413,
      `the request body is larger than ${limitBytes / 1024} KiB; send only the fields the route documents`,
    );
  }
}

export class UnsupportedMediaTypeError extends ApiProblem {
  override name = "UnsupportedMediaTypeError";
  constructor(contentType: string) {
    super(
      415,
      `the request body is ${contentType || "of no declared type"}; send JSON with Content-Type: application/json`,
    );
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  423: "Locked",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** An RFC 9457 problem document. */
export function problemBody(status: number, detail: string, extra: Record<string, unknown> = {}) {
  return { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, ...extra };
}

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  const headers: Record<string, string> = { "Content-Type": PROBLEM_CONTENT_TYPE };
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="ripcord"';
  if (status === 503) headers["Retry-After"] = "30";
  return c.body(JSON.stringify(problemBody(status, detail, extra)), status, headers);
}

/**
 * The one error handler. Typed errors carry messages written for the caller; anything else (an AWS
 * failure, a defect) is logged with an id and answered without its message, which may name internals.
 */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ApiProblem)
    return problemResponse(c, error.status, error.message, error.extra);
  if (error instanceof InputError) return problemResponse(c, 400, error.message);
  if (error instanceof NotFoundError) return problemResponse(c, 404, error.message);
  if (error instanceof ConflictError) return problemResponse(c, 409, error.message);
  if (error instanceof HTTPException && error.status < 500)
    return problemResponse(c, error.status, error.message || "the request was refused");

  const errorId = randomUUID();
  log.error("api request failed", {
    errorId,
    method: c.req.method,
    path: c.req.path,
    error,
    cause: error.cause,
  });
  if (error instanceof TransientError) {
    return problemResponse(
      c,
      503,
      `AWS is throttling or unavailable right now; try again in a minute (error id ${errorId})`,
      { errorId },
    );
  }
  if (error instanceof ConfigError) {
    return problemResponse(
      c,
      500,
      `Ripcord's API is not configured correctly; its log has the details under error id ${errorId}`,
      { errorId },
    );
  }
  return problemResponse(
    c,
    500,
    `Ripcord could not complete the request; its log has the details under error id ${errorId}`,
    { errorId },
  );
}
