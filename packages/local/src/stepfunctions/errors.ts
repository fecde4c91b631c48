/**
 * An error the local Step Functions endpoint answers with, as AWS does over the JSON 1.0
 * protocol: HTTP 400 and `{ "__type": <code>, "message": ... }`, so SDK clients raise the
 * same named exceptions (ExecutionAlreadyExists, ExecutionDoesNotExist, ...) they raise on AWS.
 */
export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
