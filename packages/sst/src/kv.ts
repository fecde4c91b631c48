/**
 * The two resources through which SST registers a route in a Router's CloudFront KeyValueStore.
 * They are SST's own dynamic resources, `KvKeys` and `KvRoutesUpdate`
 * (`.sst/platform/src/components/aws/providers/kv-keys.ts`, `kv-routes-update.ts`), which SST
 * does not export: each is a Pulumi dynamic resource whose provider forwards every operation to
 * the SST CLI's RPC server (`rpc.Provider`, `.sst/platform/src/components/rpc/rpc.ts`), where
 * `Resource.Aws.KvKeys` and `Resource.Aws.KvRoutesUpdate` do the work
 * (`pkg/server/resource/aws-kv-keys.go`, `aws-kv-routes-update.go` in anomalyco/sst). Only the
 * forwarding is repeated here; the same method names, inputs and name suffixes keep them the
 * resources SST's CLI knows. They need `sst deploy` (its RPC server, `SST_SERVER`).
 */
import http from "node:http";
import type * as Pulumi from "@pulumi/pulumi";
import type { CustomResourceOptions, Input, Inputs, dynamic } from "@pulumi/pulumi";
import { pulumiSdk } from "./providers.ts";

export interface KvKeysInputs {
  store: Input<string>;
  namespace: Input<string>;
  entries: Input<Record<string, Input<string>>>;
  purge: Input<boolean>;
}

export interface KvRoutesUpdateInputs {
  store: Input<string>;
  key: Input<string>;
  entry: Input<string>;
  namespace: Input<string>;
}

/** SST's `KvKeys`: `super(new rpc.Provider("Aws.KvKeys"), \`${name}.sst.aws.KvKeys\`, ...)`. */
export function createKvKeys(
  name: string,
  args: KvKeysInputs,
  opts?: CustomResourceOptions,
): dynamic.Resource {
  return sstResource("Aws.KvKeys", `${name}.sst.aws.KvKeys`, { ...args }, opts);
}

/** SST's `KvRoutesUpdate`, likewise. */
export function createKvRoutesUpdate(
  name: string,
  args: KvRoutesUpdateInputs,
  opts?: CustomResourceOptions,
): dynamic.Resource {
  return sstResource("Aws.KvRoutesUpdate", `${name}.sst.aws.KvRoutesUpdate`, { ...args }, opts);
}

/**
 * A dynamic resource on SST's RPC provider. `dynamic.Resource` is abstract, and exists only once
 * SST's SDK does (providers.ts), so its subclass is declared at call time, once per SDK.
 */
const resourceClasses = new WeakMap<typeof Pulumi, SstResourceClass>();
type SstResourceClass = new (
  provider: dynamic.ResourceProvider,
  name: string,
  props: Inputs,
  opts?: CustomResourceOptions,
) => dynamic.Resource;

function sstResource(
  type: string,
  name: string,
  props: Inputs,
  opts: CustomResourceOptions | undefined,
): dynamic.Resource {
  const sdk = pulumiSdk();
  let SstResource = resourceClasses.get(sdk);
  if (SstResource === undefined) {
    SstResource = class extends sdk.dynamic.Resource {};
    resourceClasses.set(sdk, SstResource);
  }
  return new SstResource(new SstRpcProvider(type), name, props, opts);
}

/**
 * rpc.ts's `rpc.Provider`: create, update, read, diff and delete, each one JSON-RPC call; a method
 * the server lacks means "nothing to do", as there. Pulumi serializes this object into the
 * deployment, so it reaches only module functions.
 */
class SstRpcProvider implements dynamic.ResourceProvider {
  constructor(private readonly type: string) {}

  async create(inputs: unknown): Promise<dynamic.CreateResult> {
    const result = await rpcCall(`Resource.${this.type}.Create`, inputs);
    const id = isRecord(result) ? result.id : undefined;
    if (typeof id !== "string") {
      throw new Error(`Resource.${this.type}.Create: the SST CLI returned no id`);
    }
    return { id, outs: isRecord(result) ? result.outs : undefined };
  }

  async delete(id: string, outs: unknown): Promise<void> {
    try {
      await rpcCall(`Resource.${this.type}.Delete`, { id, outs });
    } catch (error) {
      if (!(error instanceof MethodNotFoundError)) throw error;
    }
  }

  async update(id: string, olds: unknown, news: unknown): Promise<dynamic.UpdateResult> {
    const result = await rpcOrNothing(`Resource.${this.type}.Update`, { id, olds, news });
    return { outs: isRecord(result) ? result.outs : undefined };
  }

  async read(id: string, props: unknown): Promise<dynamic.ReadResult> {
    const result = await rpcOrNothing(`Resource.${this.type}.Read`, { id, props });
    if (!isRecord(result)) return { id, props };
    return { id: typeof result.id === "string" ? result.id : id, props: result.props };
  }

  async diff(id: string, olds: unknown, news: unknown): Promise<dynamic.DiffResult> {
    const result = await rpcOrNothing(`Resource.${this.type}.Diff`, { id, olds, news });
    if (!isRecord(result)) return {};
    // Without `changes` Pulumi diffs the inputs itself, as it does for SST's own reply.
    return {
      changes: typeof result.changes === "boolean" ? result.changes : undefined,
      replaces: stringList(result.replaces),
      stables: stringList(result.stables),
      deleteBeforeReplace:
        typeof result.deleteBeforeReplace === "boolean" ? result.deleteBeforeReplace : undefined,
    };
  }
}

/** The RPC server's answer to a method it lacks (`rpc: can't find ...`). */
class MethodNotFoundError extends Error {
  constructor(readonly method: string) {
    super(`Method "${method}" not found`);
    this.name = "MethodNotFoundError";
  }
}

async function rpcOrNothing(method: string, params: unknown): Promise<unknown> {
  try {
    return await rpcCall(method, params);
  } catch (error) {
    if (error instanceof MethodNotFoundError) return undefined;
    throw error;
  }
}

/** rpc.ts's `rpc.call`: one JSON-RPC 1.0 POST to `$SST_SERVER/rpc`, no timeout. */
function rpcCall(method: string, params: unknown): Promise<unknown> {
  const server = process.env.SST_SERVER;
  if (!server) {
    return Promise.reject(
      new Error(`${method}: SST_SERVER is not set; this resource is deployed by \`sst deploy\``),
    );
  }
  const url = new URL("/rpc", server);
  const body = JSON.stringify({ jsonrpc: "1.0", method, params: [params] });
  return new Promise<unknown>((resolve, reject) => {
    const request = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "Content-Type": "application/json" },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          if (response.statusCode !== 200) {
            reject(new Error(`${method}: RPC failed with ${response.statusCode}: ${text}`));
            return;
          }
          let reply: unknown;
          try {
            reply = JSON.parse(text);
          } catch (error) {
            reject(new Error(`${method}: the RPC reply is not JSON`, { cause: error }));
            return;
          }
          const failure = isRecord(reply) ? reply.error : undefined;
          if (typeof failure === "string" && failure !== "") {
            reject(
              failure.startsWith("rpc: can't find")
                ? new MethodNotFoundError(method)
                : new Error(`${method}: ${failure}`),
            );
            return;
          }
          resolve(isRecord(reply) ? reply.result : undefined);
        });
      },
    );
    request.on("error", reject);
    request.setTimeout(0);
    request.end(body);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string")
    ? value
    : undefined;
}
