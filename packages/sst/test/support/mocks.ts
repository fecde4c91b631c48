/**
 * Pulumi's mocks as a small fake AWS: every resource a program declares is recorded with its
 * inputs, and answered with the attributes AWS would compute (a function's published version, a
 * function URL, a distribution's ARN and domain). guard() takes the SDKs from SST's `$util` and
 * `aws`, and SST's components also read `$app`, `$cli` and `$dev`, globals that `sst deploy`
 * defines; they are set here from the platform's modules.
 *
 * The test file must first substitute the platform's SDKs (vi.mock is hoisted per file):
 *   vi.mock("@pulumi/pulumi", () => platformPulumi("pulumi"));
 *   vi.mock("@pulumi/aws", () => platformPulumi("aws"));
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { GuardableFunction, RouterLike } from "../../src/index.ts";
import { platformPath, platformPulumi } from "./platform.ts";

export const APP = "shop";
export const STAGE = "dev";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";

export interface Declared {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Set when the program read an existing resource (`Resource.get`). */
  readId: string | undefined;
}

/** Tags a shared Router's distribution carries (router.ts `reference()` reads them). */
export type DistributionTags = Record<string, string>;

export class FakeCloud {
  readonly declared: Declared[] = [];
  /** Existing distributions by id, for `Router.get`. */
  readonly distributions = new Map<string, DistributionTags>();

  async install(): Promise<void> {
    Object.assign(globalThis, {
      // SST's globals for its SDKs (src/providers.ts): the platform's modules themselves, the
      // ones vi.mock substitutes for this file's imports. Not vitest's mock wrappers, which throw
      // on a missing export: Pulumi's closure serializer reads every global's `prototype`.
      $util: await platformPulumi("pulumi"),
      aws: await platformPulumi("aws"),
      $app: { name: APP, stage: STAGE, removal: "remove", providers: {}, protect: false },
      $cli: {
        command: "deploy",
        dev: false,
        paths: { home: "/tmp", root: "/tmp", work: "/tmp/.sst", platform: "/tmp/.sst/platform" },
        state: { version: {} },
      },
      $dev: false,
    });
    // SST runs the stack organization/<app>/<stage> (pkg/project/run.go).
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          this.declared.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs as Record<string, unknown>,
            readId: args.id,
          });
          const id = args.id ?? `${args.name}-id`;
          return { id, state: this.state(args.type, args.name, id, args.inputs, args.id) };
        },
        call: (args) => ({ ...args.inputs }),
      },
      APP,
      STAGE,
      false,
    );
  }

  ofType(type: string): Declared[] {
    return this.declared.filter((resource) => resource.type === type);
  }

  named(name: string): Declared {
    const found = this.declared.find((resource) => resource.name === name);
    if (!found) {
      throw new Error(`no resource named ${name}: ${this.declared.map((r) => r.name).join(", ")}`);
    }
    return found;
  }

  private state(
    type: string,
    name: string,
    id: string,
    inputs: Record<string, unknown>,
    readId: string | undefined,
  ): Record<string, unknown> {
    switch (type) {
      case "aws:lambda/function:Function": {
        const functionName = typeof inputs.name === "string" ? inputs.name : `${name}-fn`;
        const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`;
        // Lambda publishes a version only when asked; otherwise the function is only $LATEST.
        const version = inputs.publish === true ? "7" : "$LATEST";
        return { ...inputs, name: functionName, arn, version, qualifiedArn: `${arn}:${version}` };
      }
      case "aws:lambda/alias:Alias":
        return {
          ...inputs,
          arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${String(inputs.functionName)}:${String(inputs.name)}`,
        };
      case "aws:lambda/functionUrl:FunctionUrl": {
        const urlId = createHash("md5").update(name).digest("hex").slice(0, 26);
        return { ...inputs, urlId, functionUrl: `https://${urlId}.lambda-url.${REGION}.on.aws/` };
      }
      case "aws:cloudfront/distribution:Distribution":
        return {
          ...inputs,
          arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`,
          domainName: `${id.toLowerCase()}.cloudfront.net`,
          ...(readId === undefined ? {} : { tagsAll: this.distributions.get(readId) ?? {} }),
        };
      case "aws:cloudfront/keyValueStore:KeyValueStore":
        return { ...inputs, arn: `arn:aws:cloudfront::${ACCOUNT}:key-value-store/${id}` };
      default:
        return { ...inputs, arn: `arn:aws:mock:${REGION}:${ACCOUNT}:${name}` };
    }
  }
}

/**
 * What `sst.aws.Function` exposes that guard() reads: its `name` getter and `nodes.function`, an
 * `Output<aws.lambda.Function>` (function.ts). The function is a real `aws.lambda.Function`
 * declared through the mocks, with `publish` as SST derives it from `versioning`.
 */
export function sstFunction(
  name: string,
  args: { versioning?: boolean; tags?: Record<string, string> },
): GuardableFunction {
  const fn = new aws.lambda.Function(`${name}Function`, {
    name: `${APP}-${STAGE}-${name}`,
    role: `arn:aws:iam::${ACCOUNT}:role/${name}`,
    runtime: "nodejs22.x",
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({}),
    publish: args.versioning ?? false,
    tags: args.tags,
  });
  return { name: fn.name, nodes: { function: pulumi.output(fn) } };
}

/** The real `sst.aws.Router` class from the platform's sources. */
export interface SstRouter extends RouterLike {
  readonly distributionID: pulumi.Output<string>;
}
export interface SstRouterClass {
  new (
    name: string,
    args?: { protection?: "none" | "oac" | "oac-with-edge-signing"; domain?: string },
  ): SstRouter;
  get(name: string, distributionID: string): SstRouter;
}

export async function loadSstRouter(): Promise<SstRouterClass> {
  const file = platformPath("src", "components", "aws", "router.ts");
  // A path TypeScript does not follow: SST's sources are not written for this repo's settings.
  const module: unknown = await import(/* @vite-ignore */ file);
  const Router: unknown =
    typeof module === "object" && module !== null ? Reflect.get(module, "Router") : undefined;
  if (typeof Router !== "function" || typeof Reflect.get(Router, "get") !== "function") {
    throw new Error(`${file} does not export the Router class`);
  }
  // Trusted: SST's own class, checked above to be the constructor with its static get().
  return Router as SstRouterClass;
}

/** An Output's value; rejects with the Output's error (Pulumi's internal `promise()`). */
export function settle<T>(value: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    value.apply((resolved) => {
      resolve(resolved);
      return resolved;
    });
    internalPromise(value).catch(reject);
  });
}

function internalPromise(value: object): Promise<unknown> {
  const promise: unknown = Reflect.get(value, "promise");
  if (typeof promise !== "function") throw new Error("not a Pulumi Output");
  const result: unknown = Reflect.apply(promise, value, []);
  if (!(result instanceof Promise)) throw new Error("Output.promise() returned no promise");
  return result;
}
