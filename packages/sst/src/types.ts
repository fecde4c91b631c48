/**
 * The structural shapes guard() takes: only what it reads from SST's components, so that the
 * user's real `sst.aws.Function` and `sst.aws.Router` (or `Router.get`) fit, and tests can build
 * them under Pulumi's mocks.
 */
import type * as aws from "@pulumi/aws";
import type { ComponentResourceOptions, Input, Output, Resource } from "@pulumi/pulumi";
import type { DurationSeconds } from "./duration.ts";

/**
 * What guard() reads from an `sst.aws.Function`: its `name` getter and `nodes.function` (an
 * `Output<aws.lambda.Function>` in SST, whose `publish` is `versioning` and whose `version` is
 * the version that deploy published).
 */
export interface GuardableFunction {
  readonly name: Input<string>;
  readonly nodes: { readonly function: Input<aws.lambda.Function> };
}

/** The Router's protection modes (`ProtectionConfig["mode"]`, router.ts). */
export type RouterProtectionMode = "none" | "oac" | "oac-with-edge-signing";

/**
 * What registering a route needs from an `sst.aws.Router`, new or from `Router.get`: the getters
 * that `normalizeRouteArgs` (router.ts) reads. They are marked `@internal` in SST but are the
 * only way SST's own `url.router` reaches the Router's KeyValueStore, so this shape is tied to
 * the SST version in peerDependencies.
 */
export interface RouterLike extends Resource {
  readonly url: Output<string>;
  readonly _hasInlineRoutes: Output<boolean>;
  readonly _kvStoreArn: Output<string> | undefined;
  readonly _kvNamespace: Output<string> | undefined;
  readonly _protection: Output<{ mode: RouterProtectionMode }>;
  readonly _distributionArn: Output<string>;
}

/** SST's `RouterRouteArgs` (router.ts), what `url.router` takes. */
export interface GuardRouterArgs {
  instance: Input<RouterLike>;
  /** A host pattern, `*` a wildcard, as in `url.router.domain`. */
  domain?: Input<string>;
  /** A path prefix, as in `url.router.path`. */
  path?: Input<string>;
  rewrite?: Input<{ regex: Input<string>; to: Input<string> }>;
  readTimeout?: Input<DurationSeconds>;
  keepAliveTimeout?: Input<DurationSeconds>;
  connectionTimeout?: Input<DurationSeconds>;
  connectionAttempts?: Input<number>;
}

/** SST's `FunctionUrlCorsArgs` (function.ts), what `url.cors` takes. */
export interface GuardCorsArgs {
  allowCredentials?: Input<boolean>;
  allowHeaders?: Input<Input<string>[]>;
  allowOrigins?: Input<Input<string>[]>;
  allowMethods?: Input<
    Input<"*" | "DELETE" | "GET" | "HEAD" | "OPTIONS" | "PATCH" | "POST" | "PUT">[]
  >;
  exposeHeaders?: Input<Input<string>[]>;
  maxAge?: Input<DurationSeconds>;
}

export interface GuardArgs {
  /** The Ripcord service the function belongs to: the same name as in `ripcordTags()`. */
  service: string;
  /**
   * The alias Ripcord moves, created on the version SST published.
   * @default "production"
   */
  alias?: string;
  /** Serve the alias URL through a Router, as `url.router` would serve the function's URL. */
  router?: Input<GuardRouterArgs>;
  /** As `url.cors`: `true` (the default) allows every origin, method and header. */
  cors?: Input<boolean | GuardCorsArgs>;
  /** As `url.authorization`. Behind an OAC-protected Router the URL uses IAM regardless. */
  authorization?: Input<"none" | "iam">;
  /** As the function's `streaming`: the URL's invoke mode. */
  streaming?: Input<boolean>;
  /**
   * The logical name of guard()'s component and the prefix of its resources.
   * @default `Ripcord<Service>`, e.g. `RipcordApi`; name each guard when a service has several
   */
  name?: string;
}

export type GuardOptions = ComponentResourceOptions;

export interface Guarded {
  /** Where clients reach the alias: the Router's URL (with domain and path) or the function URL. */
  url: Output<string>;
  functionName: Output<string>;
  /** The alias name. */
  alias: Output<string>;
  /** The resources guard() created, as SST components expose theirs. */
  nodes: {
    alias: aws.lambda.Alias;
    functionUrl: aws.lambda.FunctionUrl;
    /** Declared once the protection mode and authorization are known, as SST does. */
    permissions: Output<aws.lambda.Permission[]>;
    /** The Router route's metadata and its entry in the route list; only with a Router. */
    routeKey?: Resource;
    routesUpdate?: Resource;
  };
}
