import { FUNCTION_GRANTS, type Grant, type RipcordFunction } from "../../infra/permissions.ts";

/** The SDK client each IAM grant is exercised with; `failures:send` is Lambda's own on-failure destination, no client. */
const CLIENT_OF_GRANT: Record<Grant, string | undefined> = {
  "table:GetItem": "@aws-sdk/client-dynamodb",
  "table:Query": "@aws-sdk/client-dynamodb",
  "table:PutItem": "@aws-sdk/client-dynamodb",
  "table:UpdateItem": "@aws-sdk/client-dynamodb",
  "table:DeleteItem": "@aws-sdk/client-dynamodb",
  "table:ConditionCheckItem": "@aws-sdk/client-dynamodb",
  "aliases:read": "@aws-sdk/client-lambda",
  "aliases:update": "@aws-sdk/client-lambda",
  "versions:read": "@aws-sdk/client-lambda",
  "functions:read": "@aws-sdk/client-lambda",
  "steps:warm": "@aws-sdk/client-lambda",
  "metrics:read": "@aws-sdk/client-cloudwatch",
  "alarms:read": "@aws-sdk/client-cloudwatch",
  "topic:publish": "@aws-sdk/client-sns",
  "cdn:invalidate": "@aws-sdk/client-cloudfront",
  "cdn:check": "@aws-sdk/client-cloudfront",
  "executions:start": "@aws-sdk/client-sfn",
  "executions:describe": "@aws-sdk/client-sfn",
  "executions:stop": "@aws-sdk/client-sfn",
  "failures:send": undefined,
};

/** "steps/check-invalidation" -> "checkInvalidation"; "api", "trigger", "reconciler" as they are. */
function functionOf(handler: string): RipcordFunction | undefined {
  const name = handler
    .replace(/^steps\//, "")
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.hasOwn(FUNCTION_GRANTS, name) ? (name as RipcordFunction) : undefined;
}

/**
 * The SDK clients a handler's code calls on some path, as infra grants them: infra gives each
 * function exactly the permissions its handler's calls need (infra/permissions.ts), so a bundled
 * client outside these could never succeed and is dead weight.
 */
export function clientsCalledOnSomePath(handler: string): string[] | undefined {
  const fn = functionOf(handler);
  if (!fn) return undefined;
  return [...new Set(FUNCTION_GRANTS[fn].flatMap((grant) => CLIENT_OF_GRANT[grant] ?? []))];
}
