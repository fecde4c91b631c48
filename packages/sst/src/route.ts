/**
 * The Router route to the alias URL, registered exactly as `url.router` registers a function URL:
 * `normalizeRouteArgs` (`.sst/platform/src/components/aws/router.ts`, SST 4.17.1) reads the
 * Router, and the "add router route" step of `createUrl` (function.ts) writes the route's metadata
 * (`KvKeys`) and appends it to the Router's route list (`KvRoutesUpdate`). `Router.route()` is
 * not used: it never sets the origin access control an OAC-protected Router needs to sign its
 * requests to a function URL.
 */
import { createHash } from "node:crypto";
import type { Input, Output, Resource } from "@pulumi/pulumi";
import { GuardError } from "./errors.ts";
import { createKvKeys, createKvRoutesUpdate } from "./kv.ts";
import { pulumiSdk } from "./providers.ts";
import { toSeconds, type DurationSeconds } from "./duration.ts";
import type { GuardRouterArgs, RouterProtectionMode } from "./types.ts";

export interface NormalizedRoute {
  hostPattern: string | undefined;
  pathPrefix: string | undefined;
  routerUrl: Output<string>;
  routerKvNamespace: Output<string>;
  routerKvStoreArn: Output<string>;
  routerProtection: Output<{ mode: RouterProtectionMode }>;
  routerDistributionArn: Output<string>;
  rewrite: { regex: string; to: string } | undefined;
  readTimeout: DurationSeconds | undefined;
  keepAliveTimeout: DurationSeconds | undefined;
  connectionTimeout: DurationSeconds | undefined;
  connectionAttempts: number | undefined;
}

/** `normalizeRouteArgs`: a Router with inline routes cannot take more, as in SST. */
export function normalizeRoute(route: Input<GuardRouterArgs>): Output<NormalizedRoute> {
  return pulumiSdk()
    .output(route)
    .apply((v) =>
      v.instance._hasInlineRoutes.apply((hasInlineRoutes): NormalizedRoute => {
        const store = v.instance._kvStoreArn;
        const namespace = v.instance._kvNamespace;
        if (hasInlineRoutes || store === undefined || namespace === undefined) {
          throw new GuardError(
            "Cannot route the site using the provided router. The Router component uses inline " +
              "routes which has been deprecated.",
          );
        }
        const pathPrefix = v.path ? "/" + v.path.replace(/^\//, "").replace(/\/$/, "") : undefined;
        return {
          hostPattern: v.domain
            ? v.domain
                .replace(/[.+?^${}()|[\]\\]/g, "\\$&") // escape regex characters
                .replace(/\*/g, ".*") // a wildcard matches anything
            : undefined,
          pathPrefix,
          routerUrl: v.instance.url.apply(
            (url) => (v.domain ? `https://${v.domain}` : url) + (pathPrefix ?? ""),
          ),
          routerKvNamespace: namespace,
          routerKvStoreArn: store,
          routerProtection: v.instance._protection,
          routerDistributionArn: v.instance._distributionArn,
          rewrite: v.rewrite,
          readTimeout: v.readTimeout,
          keepAliveTimeout: v.keepAliveTimeout,
          connectionTimeout: v.connectionTimeout,
          connectionAttempts: v.connectionAttempts,
        };
      }),
    );
}

/** `createUrl`'s `isOac`. */
export function isOacProtected(protection: { mode: RouterProtectionMode } | undefined): boolean {
  return protection?.mode === "oac" || protection?.mode === "oac-with-edge-signing";
}

/**
 * `createUrl`'s namespace for the route's keys: SST hashes `${$app.name}-${$app.stage}-${name}`;
 * SST runs the stack `organization/<app>/<stage>` (`pkg/project/run.go`), so Pulumi's project
 * and stack are that app and stage.
 */
export function routeNamespace(name: string): string {
  const { getProject, getStack } = pulumiSdk();
  return createHash("md5")
    .update(`${getProject()}-${getStack()}-${name}`)
    .digest("hex")
    .substring(0, 4);
}

/** The route's metadata as `createUrl` writes it: the origin host, OAC signing, timeouts. */
export function routeMetadata(
  functionUrl: string,
  oac: boolean,
  route: Pick<
    NormalizedRoute,
    "rewrite" | "readTimeout" | "keepAliveTimeout" | "connectionTimeout" | "connectionAttempts"
  >,
): string {
  const timeouts = (["connectionTimeout", "readTimeout", "keepAliveTimeout"] as const).flatMap(
    (key) => {
      const value = route[key];
      return value ? [[key, toSeconds(value)] as const] : [];
    },
  );
  return JSON.stringify({
    host: new URL(functionUrl).host,
    rewrite: route.rewrite,
    origin: {
      ...(oac
        ? {
            originAccessControlConfig: {
              enabled: true,
              signingBehavior: "always",
              signingProtocol: "sigv4",
              originType: "lambda",
            },
          }
        : {}),
      connectionAttempts: route.connectionAttempts,
      ...(timeouts.length ? { timeouts: Object.fromEntries(timeouts) } : {}),
    },
  });
}

/** `createUrl`'s route entry: `url,<namespace>,<host regex>,<path prefix>`. */
export function routeEntry(namespace: string, route: NormalizedRoute): string {
  return ["url", namespace, route.hostPattern, route.pathPrefix].join(",");
}

export function registerRoute(
  name: string,
  route: Output<NormalizedRoute>,
  functionUrl: Output<string>,
  oac: Output<boolean>,
  parent: Resource,
): { routeKey: Resource; routesUpdate: Resource } {
  const { all } = pulumiSdk();
  const namespace = routeNamespace(name);
  const routeKey = createKvKeys(
    `${name}RouteKey`,
    {
      store: route.routerKvStoreArn,
      namespace,
      entries: all([functionUrl, oac, route]).apply(([url, isOac, normalized]) => ({
        metadata: routeMetadata(url, isOac, normalized),
      })),
      purge: false,
    },
    { parent },
  );
  const routesUpdate = createKvRoutesUpdate(
    `${name}RoutesUpdate`,
    {
      store: route.routerKvStoreArn,
      namespace: route.routerKvNamespace,
      key: "routes",
      entry: route.apply((normalized) => routeEntry(namespace, normalized)),
    },
    { parent },
  );
  return { routeKey, routesUpdate };
}
