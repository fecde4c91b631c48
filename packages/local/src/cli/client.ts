import * as z from "zod";
import { ApiError, UnreachableError } from "./exit-codes.ts";
import type { CliIo } from "./io.ts";

const Problem = z.looseObject({
  status: z.number().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
});

/** What the CLI needs to reach the API. */
export interface Connection {
  /** Without a trailing slash. */
  url: string;
  token: string;
}

/**
 * The API over HTTP: bearer token on every request, JSON in and out. Problems become ApiError
 * with the API's own detail, which is written for a person; anything else that is not JSON from
 * the API is reported as such, never dumped.
 */
export class ApiClient {
  constructor(
    private readonly connection: Connection,
    private readonly io: Pick<CliIo, "fetch">,
  ) {}

  get(path: string): Promise<unknown> {
    return this.request("GET", path);
  }

  post(path: string, body: unknown = {}): Promise<unknown> {
    return this.request("POST", path, body);
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.connection.url}${path}`;
    let response: Response;
    try {
      response = await this.io.fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${this.connection.token}`,
          Accept: "application/json",
          ...(body !== undefined && { "Content-Type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (cause) {
      const reason =
        cause instanceof Error && cause.cause instanceof Error
          ? cause.cause.message
          : String(cause);
      throw new UnreachableError(
        `cannot reach the Ripcord API at ${this.connection.url} (${reason}); check --url or RIPCORD_URL`,
        { cause },
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === "" ? undefined : JSON.parse(text);
    } catch (cause) {
      throw new UnreachableError(
        `${url} answered HTTP ${response.status} with something that is not JSON: is --url the Ripcord API?`,
        { cause },
      );
    }
    if (response.ok) return json;
    const problem = Problem.safeParse(json);
    if (!problem.success)
      throw new UnreachableError(
        `${url} answered HTTP ${response.status} without a problem document: is --url the Ripcord API?`,
      );
    const detail = problem.data.detail ?? problem.data.title ?? `HTTP ${response.status}`;
    throw new ApiError(response.status, detail, problem.data);
  }
}

/** Parses an API answer with the shape the CLI reads; a mismatch means the URL is not the API (or a much newer one). */
export function read<T extends z.ZodType>(schema: T, json: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new UnreachableError(
      `the API's answer is not ${what}: is --url the Ripcord API, of a matching version?`,
      { cause: parsed.error },
    );
  return parsed.data;
}
