import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import * as z from "zod";
import { awsCall, Clients } from "@ripcord/core/aws";
import type { AliasRouting } from "@ripcord/core/release";
import { aliasContext, urlGet } from "./requests.ts";

/*
 * The sandbox playing Lambda and the function URL in front of an alias (docs/design.md "The local
 * sandbox"): each request goes to the real handler of the version the alias routes it to, weights
 * honoured, with the version in the Lambda context. What happened is returned as AWS would see it:
 * the status the URL answered, whether the invocation failed (threw or rejected), and the EMF
 * lines the handler wrote.
 */

/** A handler behind a function URL: `hono/aws-lambda`'s `handle(app)` is one. */
export type UrlHandler = (event: LambdaEvent, context: LambdaContext) => Promise<unknown>;

/**
 * The handler of one published version, built once: a Lambda version keeps the code and the
 * environment it was published with. `write` is where the version's EMF lines go (the instrument's
 * `write` option): the host collects them per request instead of letting them reach stdout.
 */
export type HandlerFactory = (version: string, write: (line: string) => void) => UrlHandler;

/** One request to play: when it arrives (simulated time) and its path. */
export interface Request {
  atMs: number;
  path: string;
}

/** One request as Lambda and the function URL saw it. */
export interface Served extends Request {
  version: string;
  /** The simulated run time of the handler (the real one takes microseconds here). */
  latencyMs: number;
  /** The status the function URL answered: the handler's statusCode, or 502 when it failed. */
  status: number;
  /** The invocation failed (threw or rejected): only this counts in Lambda's Errors. */
  threw: boolean;
  /** Why the invocation failed, when it did (what Lambda would log). */
  error?: string;
  /** What the handler wrote through the instrument during the request. */
  emf: string[];
}

/** The function URL's answer when the function fails: "502 Bad Gateway" (Lambda Developer Guide, function URL errors). */
const FUNCTION_ERROR_STATUS = 502;

const HandlerResult = z.looseObject({ statusCode: z.number().int() });

const lambda = /* @__PURE__ */ Clients.lazyClient(() => new LambdaClient(Clients.clientConfig()));

/**
 * The alias's routing as the Lambda service itself applies it: read from the endpoint on each
 * call, since the sandbox plays the service, outside Ripcord's own (paced) client.
 */
export async function aliasRouting(fn: string, alias: string): Promise<AliasRouting> {
  const found = await awsCall("Lambda GetAlias", () =>
    lambda().send(new GetAliasCommand({ FunctionName: fn, Name: alias })),
  );
  return {
    version: found.FunctionVersion ?? "$LATEST",
    weights: { ...found.RoutingConfig?.AdditionalVersionWeights },
  };
}

/** The version a request goes to: each additional version takes its weight, the alias's version the rest. */
export function pickVersion(routing: AliasRouting, draw: number): string {
  let below = 0;
  for (const [version, weight] of Object.entries(routing.weights)) {
    below += weight;
    if (draw < below) return version;
  }
  return routing.version;
}

export class LambdaHost {
  readonly #handlers = new Map<string, UrlHandler>();
  #lines: string[] = [];
  #sequence = 0;

  constructor(
    readonly fn: string,
    readonly alias: string,
    private readonly handlerFor: HandlerFactory,
    private readonly random: () => number,
  ) {}

  /** Plays one request through the alias as `routing` stands; `latencyOf` simulates the version's run time. */
  async serve(
    request: Request,
    routing: AliasRouting,
    latencyOf: (version: string) => number,
  ): Promise<Served> {
    const version = pickVersion(routing, this.random());
    const handler = this.#handler(version);
    const requestId = `local-${(this.#sequence++).toString(16).padStart(8, "0")}`;
    const lines: string[] = [];
    this.#lines = lines;
    let status: number;
    let error: string | undefined;
    try {
      const result = await handler(
        urlGet(this.fn, request.path, request.atMs, requestId),
        aliasContext(this.fn, this.alias, version, requestId),
      );
      // Lambda Developer Guide, function URL response payload: no statusCode means 200.
      status = HandlerResult.safeParse(result).data?.statusCode ?? 200;
    } catch (failure) {
      // A throw or rejection is the outcome itself: Lambda counts it in Errors, the URL answers 502.
      error = failure instanceof Error ? failure.message : String(failure);
      status = FUNCTION_ERROR_STATUS;
    }
    const threw = error !== undefined;
    const latencyMs = latencyOf(version);
    return { ...request, version, latencyMs, status, threw, ...(threw && { error }), emf: lines };
  }

  #handler(version: string): UrlHandler {
    const known = this.#handlers.get(version);
    if (known) return known;
    // Requests are served one at a time, so the lines written belong to the request being served.
    const created = this.handlerFor(version, (line) => this.#lines.push(line));
    this.#handlers.set(version, created);
    return created;
  }
}
