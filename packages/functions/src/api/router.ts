import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { ApiProblem } from "./problem.ts";
import type { Principal } from "./auth.ts";

/** Hono's environment for every route: the authenticated caller, and the Lambda event when on AWS. */
export interface ApiEnv {
  Variables: { principal: Principal };
  Bindings: { event?: unknown };
}

const WHERE = { json: "the request body", query: "the query string", param: "the path", header: "the headers", cookie: "the cookies", form: "the form" } as const;

/** A 400 that lists every field at fault, in words and by path. */
function invalidInput(target: keyof typeof WHERE, error: ZodError): ApiProblem {
  const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  const lines = issues.map((issue) => `${issue.path || "(body)"}: ${issue.message}`).join("; ");
  return new ApiProblem(400, `${WHERE[target]} is invalid: ${lines}`, { issues }, { cause: error });
}

/** A sub-app whose request validation failures become 400 problems through the app's one onError. */
export function router(): OpenAPIHono<ApiEnv> {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.target, result.error);
    },
  });
}
