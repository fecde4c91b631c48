// The API's Lambda entry installs these before Hono runs (src/api.ts): every API test runs with them.
import "../../../src/api/fetch/install.ts";
import * as z from "zod/mini";
import { defineConfig, type ConfigInput, type RipcordConfig } from "@ripcord/core/config";
import {
  alias,
  lambdaFunction,
  ripcordTable,
  type TestFunction,
} from "../../../../../tests/support/aws.ts";
import { unique } from "../../../../../tests/support/unique.ts";
import { servedAs } from "@ripcord/local/identity";
import { createApp } from "../../../src/api/app.ts";
import type { ApiTokenEntry } from "../../../src/api/auth.ts";
import type { ApiDeps } from "../../../src/api/deps.ts";
import * as Schemas from "../../../src/api/schemas.ts";

export const WRITE_TOKEN = "write-token-0123456789abcdef";
export const READ_TOKEN = "read-token-0123456789abcdef";
export const TOKENS: ApiTokenEntry[] = [
  { name: "ci", scope: "write", token: WRITE_TOKEN },
  { name: "dashboard", scope: "read", token: READ_TOKEN },
];
export const STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:ripcord-test";
/** The request time every fixture app sees (the API's only clock). */
export const NOW = new Date("2026-11-27T14:00:00.000Z");

export interface ApiFixture {
  app: ReturnType<typeof createApp>;
  config: RipcordConfig;
  /** A service of one function (alias on version 3 of 3). */
  single: { service: string; fn: TestFunction };
  /** A service of two functions (aliases on version 2 of 2). */
  pair: { service: string; fns: [TestFunction, TestFunction] };
  alarmPrefix: string;
  /** What the app was built with: build another app from it to change one part. */
  deps: Partial<ApiDeps>;
}

/**
 * A fresh table, real Lambda functions and aliases in moto, and the real app over them. Only
 * what moto cannot provide is replaced: the config (normally RIPCORD_CONFIG), the tokens and the clock.
 */
export async function apiFixture(
  overrides: Partial<ApiDeps> = {},
  extra: ConfigInput["services"] = {},
): Promise<ApiFixture> {
  await ripcordTable();
  const [single, first, second] = await Promise.all([
    lambdaFunction(3, "api"),
    lambdaFunction(2, "web"),
    lambdaFunction(2, "worker"),
  ]);
  await Promise.all([alias(single.name, "3"), alias(first.name, "2"), alias(second.name, "2")]);
  const config = defineConfig({
    services: {
      checkout: { signal: "lambda", functions: [{ name: single.name }] },
      storefront: { signal: "url", functions: [{ name: first.name }, { name: second.name }] },
      ...extra,
    },
  });
  const alarmPrefix = unique("ripcord-test");
  // As infra sets it: the API's grants on the alarms follow it (the IAM check reads it).
  process.env.RIPCORD_ALARM_PREFIX = alarmPrefix;
  const deps: Partial<ApiDeps> = {
    config: () => config,
    tokens: () => TOKENS,
    stateMachineArn: () => STATE_MACHINE_ARN,
    alarmPrefix: () => alarmPrefix,
    now: () => NOW,
    ...overrides,
  };
  return {
    // Served with the API function's identity, so its AWS calls are checked against its role.
    app: servedAs("api", createApp(deps)),
    deps,
    config,
    single: { service: "checkout", fn: single },
    pair: { service: "storefront", fns: [first, second] },
    alarmPrefix,
  };
}

export interface Call {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request through the real app (app.request): bearer token and JSON body when given. */
export async function call(
  app: ApiFixture["app"],
  method: string,
  path: string,
  options: Call = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    ...(options.token && { Authorization: `Bearer ${options.token}` }),
    ...options.headers,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  return app.request(path, { method, headers, body });
}

/** A JSON response body, parsed with the schema the API documents for it. */
export async function bodyOf<T extends z.core.$ZodType>(
  response: Response,
  schema: T,
): Promise<z.output<T>> {
  return z.parse(schema, await response.json());
}

/** A problem document, checked to be one (extension members kept). */
export async function problemOf(response: Response): Promise<z.output<typeof ProblemDocument>> {
  if (response.headers.get("Content-Type") !== "application/problem+json") {
    throw new Error(
      `expected application/problem+json, got ${response.headers.get("Content-Type")} (status ${response.status})`,
    );
  }
  return bodyOf(response, ProblemDocument);
}

const ProblemDocument = z.looseObject(Schemas.Problem.shape);
