/**
 * guard() under Pulumi's mocks, with the SST platform's own `@pulumi/pulumi` and `@pulumi/aws`
 * and, for the Router cases, SST's real `sst.aws.Router` (new and `Router.get`): what it declares
 * and how the resources are wired to each other. The refusals are in refusals.test.ts.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { platformPulumi } from "./support/platform.ts";

vi.mock("@pulumi/pulumi", () => platformPulumi("pulumi"));
vi.mock("@pulumi/aws", () => platformPulumi("aws"));

import * as pulumi from "@pulumi/pulumi";
import { guard, ripcordTags, type Guarded } from "../src/index.ts";
import {
  APP,
  FakeCloud,
  STAGE,
  loadSstRouter,
  settle,
  sstFunction,
  type SstRouterClass,
} from "./support/mocks.ts";

const PERMISSION = "aws:lambda/permission:Permission";
const KV = "pulumi-nodejs:dynamic:Resource";

const cloud = new FakeCloud();
let Router: SstRouterClass;

beforeAll(async () => {
  await cloud.install();
  Router = await loadSstRouter();
});

/** Every output guard() returns, and the permissions it declared, resolved. */
async function resolved(guarded: Guarded) {
  const [url, functionName, alias, permissions] = await Promise.all([
    settle(guarded.url),
    settle(guarded.functionName),
    settle(guarded.alias),
    settle(guarded.nodes.permissions),
  ]);
  const urns = await Promise.all(permissions.map((permission) => settle(permission.urn)));
  const functionUrl = await settle(guarded.nodes.functionUrl.functionUrl);
  // The route's resources are registered once their provider is serialized: wait for them too.
  const { routeKey, routesUpdate } = guarded.nodes;
  for (const node of [routeKey, routesUpdate]) if (node) await settle(node.urn);
  return { url, functionName, alias, functionUrl, permissionNames: urns.map(urnName) };
}

function urnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function permissionsOf(prefix: string) {
  return cloud
    .ofType(PERMISSION)
    .filter((permission) => permission.name.startsWith(prefix))
    .map(({ name, inputs }) => ({ name, ...inputs }));
}

describe("without a Router", () => {
  test("the alias is on the published version, the URL and both permissions on the alias", async () => {
    const fn = sstFunction("Api", { versioning: true, tags: ripcordTags("api") });
    const guarded = guard(fn, { service: "api" });
    const out = await resolved(guarded);

    expect(out.functionName).toBe(`${APP}-${STAGE}-Api`);
    expect(out.alias).toBe("production");
    expect(cloud.named("RipcordApiAlias").inputs).toMatchObject({
      name: "production",
      functionName: `${APP}-${STAGE}-Api`,
      functionVersion: "7", // what the mocked Lambda published for this function
    });
    expect(cloud.named("RipcordApiUrl").inputs).toEqual({
      functionName: `${APP}-${STAGE}-Api`,
      qualifier: "production",
      authorizationType: "NONE",
      invokeMode: "BUFFERED",
      cors: { allowHeaders: ["*"], allowMethods: ["*"], allowOrigins: ["*"] },
    });
    expect(out.url).toBe(out.functionUrl);
    expect(out.url).toMatch(/^https:\/\/[a-f0-9]+\.lambda-url\.us-east-1\.on\.aws\/$/);

    // createUrl without a route and with authorization "none": both to everyone, via the URL.
    expect(out.permissionNames.sort()).toEqual([
      "RipcordApiInvokeFunction",
      "RipcordApiPublicFunctionUrlAccess",
    ]);
    expect(permissionsOf("RipcordApi")).toEqual(
      expect.arrayContaining([
        {
          name: "RipcordApiPublicFunctionUrlAccess",
          action: "lambda:InvokeFunctionUrl",
          function: `${APP}-${STAGE}-Api`,
          qualifier: "production",
          principal: "*",
          functionUrlAuthType: "NONE",
        },
        {
          name: "RipcordApiInvokeFunction",
          action: "lambda:InvokeFunction",
          function: `${APP}-${STAGE}-Api`,
          qualifier: "production",
          principal: "*",
          invokedViaFunctionUrl: true,
        },
      ]),
    );
    expect(cloud.ofType(KV).filter((kv) => kv.name.startsWith("RipcordApi"))).toEqual([]);
  });

  test("IAM authorization: an AWS_IAM URL and no permissions; alias, CORS and streaming pass through", async () => {
    const fn = sstFunction("Admin", {
      versioning: true,
      tags: ripcordTags("admin", { ripcordStage: "ops" }),
    });
    const guarded = guard(fn, {
      service: "admin",
      alias: "live",
      authorization: "iam",
      streaming: true,
      cors: { allowOrigins: ["https://example.com"], maxAge: "600 seconds" },
    });
    const out = await resolved(guarded);

    expect(out.alias).toBe("live");
    expect(cloud.named("RipcordAdminAlias").inputs).toMatchObject({
      name: "live",
      functionVersion: "7",
    });
    expect(cloud.named("RipcordAdminUrl").inputs).toEqual({
      functionName: `${APP}-${STAGE}-Admin`,
      qualifier: "live",
      authorizationType: "AWS_IAM",
      invokeMode: "RESPONSE_STREAM",
      // normalizeUrl: the user's CORS over SST's defaults, maxAge in seconds.
      cors: {
        allowHeaders: ["*"],
        allowMethods: ["*"],
        allowOrigins: ["https://example.com"],
        maxAge: 600,
      },
    });
    expect(out.permissionNames).toEqual([]);
    expect(permissionsOf("RipcordAdmin")).toEqual([]);
  });

  test("cors: false leaves the URL without CORS; `name` names the resources", async () => {
    const fn = sstFunction("Worker", { versioning: true, tags: ripcordTags("api") });
    await resolved(guard(fn, { service: "api", name: "ApiWorker", cors: false }));
    expect(cloud.named("ApiWorkerUrl").inputs).not.toHaveProperty("cors");
    expect(cloud.named("ApiWorkerAlias").inputs).toMatchObject({
      functionName: `${APP}-${STAGE}-Worker`,
    });
  });
});

describe("with a Router", () => {
  test("OAC protection: CloudFront may invoke the alias, for this distribution only; the route signs to the alias URL", async () => {
    const router = new Router("Edge", { protection: "oac" });
    const fn = sstFunction("Orders", { versioning: true, tags: ripcordTags("orders") });
    const guarded = guard(fn, {
      service: "orders",
      router: { instance: router, path: "/orders/" },
    });
    const out = await resolved(guarded);
    const [distributionArn, routerUrl, kvStoreArn, kvNamespace] = await Promise.all([
      settle(router._distributionArn),
      settle(router.url),
      settle(router._kvStoreArn ?? pulumi.output("")),
      settle(router._kvNamespace ?? pulumi.output("")),
    ]);
    expect(distributionArn).toMatch(/^arn:aws:cloudfront::123456789012:distribution\//);

    // createUrl's isIam: an OAC Router makes the URL IAM-authorized whatever `authorization` says.
    expect(cloud.named("RipcordOrdersUrl").inputs).toMatchObject({
      qualifier: "production",
      authorizationType: "AWS_IAM",
    });
    expect(out.permissionNames.sort()).toEqual([
      "RipcordOrdersCloudFrontFunctionUrlAccess",
      "RipcordOrdersCloudFrontInvokeFunction",
    ]);
    expect(permissionsOf("RipcordOrders")).toEqual(
      expect.arrayContaining([
        {
          name: "RipcordOrdersCloudFrontFunctionUrlAccess",
          action: "lambda:InvokeFunctionUrl",
          function: `${APP}-${STAGE}-Orders`,
          qualifier: "production",
          principal: "cloudfront.amazonaws.com",
          sourceArn: distributionArn,
        },
        {
          name: "RipcordOrdersCloudFrontInvokeFunction",
          action: "lambda:InvokeFunction",
          function: `${APP}-${STAGE}-Orders`,
          qualifier: "production",
          principal: "cloudfront.amazonaws.com",
          sourceArn: distributionArn,
          invokedViaFunctionUrl: true,
        },
      ]),
    );

    // The route: metadata keyed in guard's namespace, pointing at the alias URL's host.
    const namespace = md5(`${APP}-${STAGE}-RipcordOrders`).slice(0, 4);
    const routeKey = cloud.named("RipcordOrdersRouteKey.sst.aws.KvKeys").inputs;
    expect(routeKey).toMatchObject({ store: kvStoreArn, namespace, purge: false });
    expect(JSON.parse(String(entriesOf(routeKey).metadata))).toEqual({
      host: new URL(out.functionUrl).host,
      origin: {
        originAccessControlConfig: {
          enabled: true,
          signingBehavior: "always",
          signingProtocol: "sigv4",
          originType: "lambda",
        },
      },
    });
    // Serialized with its provider, which forwards to the SST CLI like SST's own KvKeys.
    expect(String(routeKey.__provider)).toContain("SST_SERVER");
    expect(cloud.named("RipcordOrdersRoutesUpdate.sst.aws.KvRoutesUpdate").inputs).toMatchObject({
      store: kvStoreArn,
      namespace: kvNamespace,
      key: "routes",
      entry: `url,${namespace},,/orders`,
    });
    expect(out.url).toBe(`${routerUrl}/orders`);
  });

  test("no protection, a domain and a path: public permissions on the alias, an unsigned route", async () => {
    const router = new Router("Open");
    const fn = sstFunction("Search", { versioning: true, tags: ripcordTags("search") });
    const guarded = guard(fn, {
      service: "search",
      router: {
        instance: router,
        domain: "api.example.com",
        path: "v1",
        readTimeout: "30 seconds",
        connectionAttempts: 2,
      },
    });
    const out = await resolved(guarded);

    expect(cloud.named("RipcordSearchUrl").inputs).toMatchObject({
      qualifier: "production",
      authorizationType: "NONE",
    });
    expect(out.permissionNames.sort()).toEqual([
      "RipcordSearchPublicFunctionUrlAccess",
      "RipcordSearchPublicInvokeFunction",
    ]);
    for (const permission of permissionsOf("RipcordSearch")) {
      expect(permission).toMatchObject({ qualifier: "production", principal: "*" });
      expect(permission).not.toHaveProperty("sourceArn");
    }
    expect(permissionsOf("RipcordSearch")).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "lambda:InvokeFunctionUrl",
          functionUrlAuthType: "NONE",
        }),
        expect.objectContaining({ action: "lambda:InvokeFunction", invokedViaFunctionUrl: true }),
      ]),
    );

    const routeKey = cloud.named("RipcordSearchRouteKey.sst.aws.KvKeys").inputs;
    expect(JSON.parse(String(entriesOf(routeKey).metadata))).toEqual({
      host: new URL(out.functionUrl).host,
      origin: { connectionAttempts: 2, timeouts: { readTimeout: 30 } },
    });
    const namespace = md5(`${APP}-${STAGE}-RipcordSearch`).slice(0, 4);
    expect(cloud.named("RipcordSearchRoutesUpdate.sst.aws.KvRoutesUpdate").inputs).toMatchObject({
      entry: `url,${namespace},api\\.example\\.com,/v1`,
    });
    expect(out.url).toBe("https://api.example.com/v1");
  });

  test("a Router.get reference: protection, store and namespace come from the shared distribution's tags", async () => {
    cloud.distributions.set("E2SHARED", {
      "sst:ref:version": "2",
      "sst:ref:kv": "arn:aws:cloudfront::123456789012:key-value-store/shared",
      "sst:ref:kv-namespace": "ab12",
      "sst:ref:protection": "oac-with-edge-signing",
    });
    const router = Router.get("Shared", "E2SHARED");
    const fn = sstFunction("Cart", { versioning: true, tags: ripcordTags("cart") });
    const out = await resolved(guard(fn, { service: "cart", router: { instance: router } }));

    expect(cloud.ofType("aws:cloudfront/distribution:Distribution")).toContainEqual(
      expect.objectContaining({ readId: "E2SHARED" }),
    );
    expect(out.permissionNames.sort()).toEqual([
      "RipcordCartCloudFrontFunctionUrlAccess",
      "RipcordCartCloudFrontInvokeFunction",
    ]);
    for (const permission of permissionsOf("RipcordCart")) {
      expect(permission).toMatchObject({
        qualifier: "production",
        principal: "cloudfront.amazonaws.com",
        sourceArn: "arn:aws:cloudfront::123456789012:distribution/E2SHARED",
      });
    }
    expect(cloud.named("RipcordCartRouteKey.sst.aws.KvKeys").inputs).toMatchObject({
      store: "arn:aws:cloudfront::123456789012:key-value-store/shared",
    });
    expect(cloud.named("RipcordCartRoutesUpdate.sst.aws.KvRoutesUpdate").inputs).toMatchObject({
      store: "arn:aws:cloudfront::123456789012:key-value-store/shared",
      namespace: "ab12",
    });
    expect(out.url).toBe("https://e2shared.cloudfront.net");
  });
});

test("ripcordTags: the service and the watching Ripcord stage, production by default", () => {
  expect(ripcordTags("api")).toEqual({ "ripcord:service": "api", "ripcord:stage": "production" });
  expect(ripcordTags("api", { ripcordStage: "staging" })).toEqual({
    "ripcord:service": "api",
    "ripcord:stage": "staging",
  });
});

function md5(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

function entriesOf(inputs: Record<string, unknown>): Record<string, unknown> {
  const entries = inputs.entries;
  if (typeof entries !== "object" || entries === null) throw new Error("no entries");
  return { ...entries };
}
