/**
 * The HTTP API (Hono) on a Lambda function URL. With `api.auth: "token"` the URL is public and
 * every route but /health checks a bearer token from RipcordApiTokens; with "iam" the URL itself
 * requires SigV4 and the status page is not served.
 */
import type { Deployment } from "./deployment.ts";
import { ripcordFunction } from "./functions.ts";
import { policyContext } from "./policy.ts";

export function createApi(args: Deployment) {
  const authorization = args.config.watched.api.auth === "iam" ? "iam" : "none";
  const api = ripcordFunction("Api", {
    role: "api",
    handler: "packages/functions/src/api.handler",
    config: args.config.json,
    environment: {
      ...args.workflow.environment,
      RIPCORD_STATE_MACHINE_ARN: args.workflow.stateMachine.arn,
      // With IAM authorization the function URL authenticates callers; no token list is needed.
      ...(authorization === "none" ? { RIPCORD_API_TOKENS: args.secrets.apiTokens.value } : {}),
    },
    policy: policyContext({ ...args, deadLetterQueueArn: args.workflow.deadLetterQueue.arn }),
    memory: "512 MB",
    // What few requests need (the status pages, the report, the OpenAPI document) is import()ed.
    splitting: true,
    // The CLI and the same-origin status page are the only clients: no CORS.
    url: { authorization, cors: false },
  });
  return { api };
}
