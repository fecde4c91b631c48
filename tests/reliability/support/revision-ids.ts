import { randomUUID } from "node:crypto";
import * as z from "zod";
import type {
  Around,
  ProxiedRequest,
  ProxiedResponse,
  Upstream,
} from "../../support/fault-proxy.ts";

/*
 * Lambda's RevisionId on aliases, which moto ignores (it never changes one, and never refuses a
 * stale one). Plugged into the fault proxy, this gives every alias a revision that changes with
 * every write, and answers an UpdateAlias that names an older revision the way Lambda does:
 * 412 PreconditionFailedException, leaving the alias alone.
 */

const ALIAS_PATH = /^\/2015-03-31\/functions\/([^/]+)\/aliases\/([^/?]+)$/;
const AliasBody = z.looseObject({
  FunctionVersion: z.string(),
  RoutingConfig: z
    .looseObject({ AdditionalVersionWeights: z.record(z.string(), z.number()).optional() })
    .optional(),
});
const UpdateBody = z.looseObject({ RevisionId: z.string().optional() });

interface Revision {
  fingerprint: string;
  id: string;
}

export interface AliasRevisions {
  around: Around;
  /** Before the next conditional UpdateAlias of fn:alias is checked, a deploy moves the alias to `version`. */
  deployBeforeNextUpdate(fn: string, alias: string, version: string): void;
  /** UpdateAlias calls refused for a stale revision. */
  refused: number;
}

function fingerprint(body: z.output<typeof AliasBody>): string {
  const weights = Object.entries(body.RoutingConfig?.AdditionalVersionWeights ?? {}).sort();
  return JSON.stringify([body.FunctionVersion, weights]);
}

function preconditionFailed(): ProxiedResponse {
  const body = {
    Type: "User",
    message:
      "The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id",
  };
  return {
    status: 412,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": "PreconditionFailedException",
    },
    body: Buffer.from(JSON.stringify(body)),
  };
}

export function aliasRevisions(): AliasRevisions {
  const revisions = new Map<string, Revision>();
  const pendingDeploys = new Map<string, string>();
  const queues = new Map<string, Promise<unknown>>();
  const state = { refused: 0 };

  /** The alias's revision after moto answered with it; a changed routing (or any write) is a new revision. */
  const observe = (key: string, response: ProxiedResponse, written: boolean): ProxiedResponse => {
    // moto answers GetAlias and UpdateAlias with 201.
    if (response.status < 200 || response.status >= 300) return response;
    const body: unknown = JSON.parse(response.body.toString("utf8"));
    const alias = AliasBody.safeParse(body);
    if (!alias.success) return response;
    const print = fingerprint(alias.data);
    const known = revisions.get(key);
    const revision =
      known && known.fingerprint === print && !written
        ? known
        : { fingerprint: print, id: randomUUID() };
    revisions.set(key, revision);
    return {
      ...response,
      body: Buffer.from(JSON.stringify({ ...alias.data, RevisionId: revision.id })),
    };
  };

  const update = async (
    key: string,
    request: ProxiedRequest,
    forward: () => Promise<ProxiedResponse>,
    upstream: Upstream,
  ) => {
    const deploy = pendingDeploys.get(key);
    if (deploy !== undefined) {
      pendingDeploys.delete(key);
      const body = Buffer.from(
        JSON.stringify({
          FunctionVersion: deploy,
          RoutingConfig: { AdditionalVersionWeights: {} },
        }),
      );
      observe(key, await upstream({ ...request, body }), true);
    }
    const expected = UpdateBody.parse(JSON.parse(request.body.toString("utf8"))).RevisionId;
    if (expected !== undefined) {
      observe(key, await upstream({ ...request, method: "GET", body: Buffer.alloc(0) }), false);
      if (revisions.get(key)?.id !== expected) {
        state.refused += 1;
        return preconditionFailed();
      }
    }
    return observe(key, await forward(), true);
  };

  const around: Around = async (request, forward, upstream) => {
    const match =
      request.service === "lambda" ? ALIAS_PATH.exec(request.path.split("?")[0] ?? "") : null;
    if (!match) return forward();
    const [, fn = "", alias = ""] = match;
    const key = `${decodeURIComponent(fn)}:${decodeURIComponent(alias)}`;
    if (request.method === "GET") return observe(key, await forward(), false);
    if (request.method !== "PUT") return forward();
    // One write per alias at a time, as Lambda serialises them: the check and the write are one step.
    const previous = queues.get(key) ?? Promise.resolve();
    const result = previous.then(() => update(key, request, forward, upstream));
    queues.set(
      key,
      result.catch(() => undefined),
    );
    return result;
  };

  return {
    around,
    deployBeforeNextUpdate: (fn, alias, version) => pendingDeploys.set(`${fn}:${alias}`, version),
    get refused() {
      return state.refused;
    },
  };
}
