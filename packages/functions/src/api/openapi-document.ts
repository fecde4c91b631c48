import * as z from "zod/mini";
import type { Operation, RequestSchemas, ResponseSpec } from "./openapi.ts";

type Json = Record<string, unknown>;

export interface DocumentConfig {
  info: { title: string; version: string; description?: string };
  securitySchemes?: Record<string, Json>;
}

/** Schemas with `.meta({ id })` become components; JSON Schema's own $defs become references to them. */
const COMPONENT_REF = "#/components/schemas/";

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Override = NonNullable<z.core.ToJSONSchemaParams["override"]>;

/**
 * zod closes every plain object it outputs (additionalProperties: false: it strips unknown keys);
 * a response may gain fields in a later version, so the document closes only strict objects.
 */
const openPlainObjects: Override = ({ zodSchema, jsonSchema }) => {
  if (
    zodSchema._zod.def.type === "object" &&
    !zodSchema._zod.def.catchall &&
    jsonSchema.additionalProperties === false
  )
    delete jsonSchema.additionalProperties;
};

/** Points every `#/$defs/X` reference at `#/components/schemas/X`, in place. */
function pointRefsAtComponents(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) pointRefsAtComponents(item);
    return;
  }
  if (!isJson(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "$ref" && typeof child === "string" && child.startsWith("#/$defs/"))
      value[key] = COMPONENT_REF + child.slice("#/$defs/".length);
    else pointRefsAtComponents(child);
  }
}

/**
 * Converts many schemas in one pass (as the properties of one object), so a schema with an id is
 * written once, as a component, and referenced everywhere else. `io` says which side of a transform
 * or default a document reader sees: what a client sends ("input") or receives ("output").
 */
class SchemaSet {
  private readonly schemas: z.ZodMiniType[] = [];

  constructor(private readonly io: "input" | "output") {}

  /** Its index in what convert() returns; a schema added twice converts once. */
  add(schema: z.ZodMiniType): number {
    const known = this.schemas.indexOf(schema);
    if (known >= 0) return known;
    return this.schemas.push(schema) - 1;
  }

  convert(components: Record<string, Json>): Json[] {
    const all = z.object(
      Object.fromEntries(this.schemas.map((schema, index) => [String(index), schema])),
    );
    const converted: Json = z.toJSONSchema(all, {
      io: this.io,
      target: "draft-2020-12",
      cycles: "throw",
      override: openPlainObjects,
    });
    pointRefsAtComponents(converted);
    const defs = isJson(converted["$defs"]) ? converted["$defs"] : {};
    for (const [id, schema] of Object.entries(defs)) {
      if (!isJson(schema))
        throw new Error(`the schema with id "${id}" did not convert to a JSON Schema object`);
      const known = components[id];
      if (known !== undefined && JSON.stringify(known) !== JSON.stringify(schema)) {
        throw new Error(
          `the schema with id "${id}" reads differently as request and as response; give each side its own id`,
        );
      }
      components[id] = schema;
    }
    const properties = isJson(converted["properties"]) ? converted["properties"] : {};
    return this.schemas.map((_, index) => {
      const schema = properties[String(index)];
      if (!isJson(schema))
        throw new Error(`schema ${index} did not convert to a JSON Schema object`);
      return schema;
    });
  }
}

type Resolve = (index: number) => Json;

/** Query or path parameters: one per property of the object schema, required as the schema says (path ones always). */
function parameters(where: "query" | "path", object: Json): Json[] {
  const properties = isJson(object["properties"]) ? object["properties"] : {};
  const required = Array.isArray(object["required"]) ? object["required"] : [];
  return Object.entries(properties).map(([name, schema]) => {
    const description = isJson(schema) ? schema["description"] : undefined;
    return {
      name,
      in: where,
      required: where === "path" || required.includes(name),
      ...(description !== undefined && { description }),
      schema,
    };
  });
}

function responses(
  specs: Record<number, ResponseSpec>,
  outputs: SchemaSet,
): (resolve: Resolve) => Json {
  const entries = Object.entries(specs).map(([status, { description, content, headers }]) => {
    const media = Object.entries(content ?? {}).map(
      ([type, { schema }]) => [type, outputs.add(schema)] as const,
    );
    return { status, description, media, headers };
  });
  return (resolve) =>
    Object.fromEntries(
      entries.map(({ status, description, media, headers }) => [
        status,
        {
          description,
          ...(media.length > 0 && {
            content: Object.fromEntries(
              media.map(([type, index]) => [type, { schema: resolve(index) }]),
            ),
          }),
          ...(headers && { headers }),
        },
      ]),
    );
}

function requestParts(request: RequestSchemas, inputs: SchemaSet): (resolve: Resolve) => Json {
  const query = request.query && inputs.add(request.query);
  const param = request.param && inputs.add(request.param);
  const json = request.json && inputs.add(request.json);
  return (resolve) => {
    const list = [
      ...(param === undefined ? [] : parameters("path", resolve(param))),
      ...(query === undefined ? [] : parameters("query", resolve(query))),
    ];
    return {
      ...(list.length > 0 && { parameters: list }),
      ...(json !== undefined && {
        requestBody: { required: true, content: { "application/json": { schema: resolve(json) } } },
      }),
    };
  };
}

/** The OpenAPI 3.1 document of the operations, every schema converted by zod's own z.toJSONSchema. */
export function openApiDocument(operations: Operation[], config: DocumentConfig) {
  const inputs = new SchemaSet("input");
  const outputs = new SchemaSet("output");
  const pending = operations.map(({ path, spec }) => {
    const { method, summary, description, tags, security } = spec;
    const request = requestParts(spec.request ?? {}, inputs);
    const answers = responses(spec.responses, outputs);
    return { path, method, head: { tags, summary, description, security }, request, answers };
  });

  const schemas: Record<string, Json> = {};
  const inputJson = inputs.convert(schemas);
  const outputJson = outputs.convert(schemas);
  const fromInputs: Resolve = (index) => inputJson[index] ?? {};
  const fromOutputs: Resolve = (index) => outputJson[index] ?? {};

  const paths: Record<string, Record<string, Json>> = {};
  for (const { path, method, head, request, answers } of pending) {
    const operation = { ...head, ...request(fromInputs), responses: answers(fromOutputs) };
    paths[path] = { ...paths[path], [method]: operation };
  }
  return {
    openapi: "3.1.0",
    info: config.info,
    components: {
      ...(config.securitySchemes && { securitySchemes: config.securitySchemes }),
      schemas,
    },
    paths,
  };
}
