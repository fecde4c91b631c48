import type * as z from "zod/mini";
import { OpenApiRouter, type RequestTarget } from "./openapi.ts";
import { ApiProblem } from "./problem.ts";
import type { Principal } from "./auth.ts";

/** Hono's environment for every route: the authenticated caller, and the Lambda event when on AWS. */
export interface ApiEnv {
  Variables: { principal: Principal };
  Bindings: { event?: unknown };
}

const WHERE: Record<RequestTarget, string> = {
  json: "the request body",
  query: "the query string",
  param: "the path",
};

/** A 400 that lists every field at fault, in words and by path. */
function invalidInput(target: RequestTarget, error: z.core.$ZodError): ApiProblem {
  const issues = error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
  const lines = issues.map((issue) => `${issue.path || "(body)"}: ${issue.message}`).join("; ");
  return new ApiProblem(400, `${WHERE[target]} is invalid: ${lines}`, { issues }, { cause: error });
}

/** A sub-app whose request validation failures become 400 problems through the app's one onError. */
export function router(): OpenApiRouter<ApiEnv> {
  return new OpenApiRouter<ApiEnv>(invalidInput);
}
