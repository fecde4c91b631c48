import { Hono, type Env, type Handler, type MiddlewareHandler, type Schema } from "hono";
import type { HonoBase } from "hono/hono-base";
import { HTTPException } from "hono/http-exception";
import { mergePath } from "hono/utils/url";
import { validator } from "hono/validator";
import type * as z from "zod/mini";
import type { DocumentConfig, openApiDocument } from "./openapi-document.ts";

/**
 * Routes declared with the zod schemas of what they accept and answer: each is validated with its
 * schemas before the handler runs, and recorded for GET /openapi.json, so the document cannot drift
 * from the API. Written instead of @hono/zod-openapi, which passes zod's whole namespace around as a
 * value and so puts all of zod (every locale) into the Lambda bundle.
 */

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** What a route accepts, by Hono validation target; validated in this order: query, param, json. */
export interface RequestSchemas {
  query?: z.ZodMiniObject;
  param?: z.ZodMiniObject;
  /** A required JSON body. */
  json?: z.ZodMiniType;
}

export type RequestTarget = keyof RequestSchemas;

export interface ResponseSpec {
  description: string;
  content?: Record<string, { schema: z.ZodMiniType }>;
  headers?: Record<string, { description?: string; schema: { type: string } }>;
}

export interface RouteSpec<R extends RequestSchemas = RequestSchemas> {
  method: Method;
  /** In OpenAPI's form, relative to where the router is mounted: "/{id}/abort". */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  request?: R;
  responses: Record<number, ResponseSpec>;
}

/** A route as the document lists it: its full path, after every mount. */
export interface Operation {
  path: string;
  spec: RouteSpec;
}

/** What the handler reads with c.req.valid(target): each schema's output. */
export type Validated<R extends RequestSchemas> = {
  in: {
    [K in keyof R as R[K] extends z.ZodMiniType ? K : never]: R[K] extends z.ZodMiniType
      ? z.input<R[K]>
      : never;
  };
  out: {
    [K in keyof R as R[K] extends z.ZodMiniType ? K : never]: R[K] extends z.ZodMiniType
      ? z.output<R[K]>
      : never;
  };
};

/** Turns a failed validation into the error the app's onError answers with. */
export type InvalidInput = (target: RequestTarget, error: z.core.$ZodError) => Error;

/** Keeps the literal request schemas, so the handler's c.req.valid(...) is typed. */
export function defineRoute<R extends RequestSchemas = Record<never, never>>(
  spec: RouteSpec<R>,
): RouteSpec<R> {
  return spec;
}

/** The media types @hono/zod-openapi accepted for a JSON body; a request declaring another gets a 415. */
const JSON_MEDIA_TYPE = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

const jsonBodyOnly: MiddlewareHandler = async (c, next) => {
  const type = c.req.header("Content-Type");
  if (type !== undefined && !JSON_MEDIA_TYPE.test(type)) {
    throw new HTTPException(415, {
      message: `the request body is ${type}; send JSON with Content-Type: application/json`,
    });
  }
  await next();
};

function validating(
  target: RequestTarget,
  schema: z.ZodMiniType,
  invalidInput: InvalidInput,
): MiddlewareHandler {
  return validator(target, async (value: unknown) => {
    const result = await schema.safeParseAsync(value);
    if (!result.success) throw invalidInput(target, result.error);
    return result.data;
  });
}

/** "/rollbacks/{id}" -> "/rollbacks/:id" */
function honoPath(path: string): string {
  return path.replaceAll(/\/{([^}]+)}/g, "/:$1");
}

/** "/rollbacks/:id" -> "/rollbacks/{id}" */
function openApiPath(path: string): string {
  return path.replaceAll(/:([^/]+)/g, "{$1}");
}

export class OpenApiRouter<E extends Env> extends Hono<E> {
  readonly operations: Operation[] = [];

  constructor(private readonly invalidInput: InvalidInput) {
    super();
  }

  /** Registers the handler behind the validation of every request schema, and records the route. */
  openapi<R extends RequestSchemas>(
    spec: RouteSpec<R>,
    handler: Handler<E, string, Validated<R>>,
  ): this {
    const { query, param, json } = spec.request ?? {};
    const middleware: MiddlewareHandler[] = [];
    if (query) middleware.push(validating("query", query, this.invalidInput));
    if (param) middleware.push(validating("param", param, this.invalidInput));
    if (json) middleware.push(jsonBodyOnly, validating("json", json, this.invalidInput));
    this.on([spec.method.toUpperCase()], [honoPath(spec.path)], ...middleware, handler);
    this.operations.push({ path: spec.path, spec });
    return this;
  }

  /** Hono's route(); the sub-app's documented routes join this one's, under the prefix. */
  override route<
    SubPath extends string,
    SubEnv extends Env,
    SubSchema extends Schema,
    SubBasePath extends string,
    SubCurrentPath extends string,
  >(path: SubPath, app: HonoBase<SubEnv, SubSchema, SubBasePath, SubCurrentPath>): this {
    super.route(path, app);
    if (app instanceof OpenApiRouter) {
      for (const operation of app.operations)
        this.operations.push({ ...operation, path: mergePath(openApiPath(path), operation.path) });
    }
    return this;
  }

  /**
   * GET path: the OpenAPI 3.1 document of every route recorded so far and after, built on the first
   * request by openapi-document.ts, imported then: zod's JSON Schema conversion stays out of the
   * cold start (infra/api.ts builds the API with splitting). A failed import rejects, and onError answers.
   */
  document(path: string, config: DocumentConfig): this {
    let document: ReturnType<typeof openApiDocument> | undefined;
    this.get(path, async (c) => {
      document ??= (await import("./openapi-document.ts")).openApiDocument(this.operations, config);
      return c.json(document);
    });
    return this;
  }
}
