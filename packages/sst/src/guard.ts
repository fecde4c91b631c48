/**
 * guard(): route a stock SST function's traffic through an alias Ripcord can move. SST's own
 * `url` option puts the function URL on `$LATEST` (`createUrl`, function.ts: no `qualifier`) and
 * the Router's origin is that URL's host; `versioning: true` only publishes versions. guard()
 * instead creates the alias on the published version, the function URL on the alias, the invoke
 * permissions on the alias and the Router route to the alias URL, mirroring `createUrl`.
 */
import type * as aws from "@pulumi/aws";
import type { ComponentResource, Input, Output, Resource } from "@pulumi/pulumi";
import { checkGuardable } from "./check.ts";
import { GuardError } from "./errors.ts";
import { permissionPlan, type PermissionSpec } from "./permissions.ts";
import { awsSdk, pulumiSdk } from "./providers.ts";
import { isOacProtected, normalizeRoute, registerRoute } from "./route.ts";
import { assertServiceName } from "./tags.ts";
import type { GuardArgs, GuardOptions, GuardableFunction, Guarded } from "./types.ts";
import { createFunctionUrl, normalizeCors } from "./url.ts";

export const DEFAULT_ALIAS = "production";

// Lambda alias names: letters, digits, - and _, 1-128 characters, not only digits.
const ALIAS_NAME = /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/;
// Pulumi logical names become part of URNs; keep them to what SST's component names allow.
const LOGICAL_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Guards `fn` (an `sst.aws.Function` created with `versioning: true` and
 * `tags: ripcordTags(service)`, and without `url`). Use the returned `url` wherever `fn.url` was.
 * A function without versioning or the tags fails the deployment with what to add.
 */
export function guard(fn: GuardableFunction, args: GuardArgs, opts?: GuardOptions): Guarded {
  assertServiceName(args.service);
  const aliasName = args.alias ?? DEFAULT_ALIAS;
  if (!ALIAS_NAME.test(aliasName)) {
    throw new GuardError(
      `guard("${args.service}"): "${aliasName}" is not a Lambda alias name ` +
        "(letters, digits, - and _, not only digits)",
    );
  }
  const name = args.name ?? `Ripcord${pascal(args.service)}`;
  if (!LOGICAL_NAME.test(name)) {
    throw new GuardError(`guard("${args.service}"): name "${name}" must be letters and digits`);
  }
  // SST's SDKs, taken now: guard() runs inside sst.config.ts's run() (providers.ts).
  const { all, output } = pulumiSdk();
  const { lambda: lambdaSdk } = awsSdk();
  const component = guardComponent(name, opts);
  const parent = component.resource;

  // Everything below hangs off this check, so a refusal fails the deployment before any of it.
  const lambda = output(fn.nodes.function);
  const checked = all([
    fn.name,
    lambda.apply((f) => f.publish),
    lambda.apply((f) => f.version),
    lambda.apply((f) => f.tags),
  ]).apply(([functionName, publish, version, tags]) =>
    checkGuardable(args.service, { functionName, publish, version, tags }),
  );
  const functionName = checked.apply((c) => c.functionName);

  const alias = new lambdaSdk.Alias(
    `${name}Alias`,
    {
      name: aliasName,
      functionName,
      functionVersion: checked.apply((c) => c.version),
      description: `Ripcord service "${args.service}": the alias Ripcord moves on a rollback`,
    },
    { parent },
  );

  const authorization = output(args.authorization ?? "none");
  const route = args.router === undefined ? undefined : normalizeRoute(args.router);
  const oac = route ? route.routerProtection.apply(isOacProtected) : output(false);
  const functionUrl = createFunctionUrl(
    name,
    {
      functionName,
      alias: alias.name,
      isIam: all([oac, authorization]).apply(([isOac, auth]) => isOac || auth === "iam"),
      streaming: output(args.streaming ?? false),
      cors: normalizeCors(args.cors),
    },
    parent,
  );

  // Which permissions exist depends on resolved values, so they are declared once those are
  // known, as `createUrl` does.
  const permissions = all([
    oac,
    authorization,
    route ? route.routerDistributionArn : undefined,
  ]).apply(([isOac, auth, distributionArn]) =>
    createPermissions(
      name,
      permissionPlan({
        routed: route !== undefined,
        oac: isOac,
        authorization: auth,
        distributionArn,
      }),
      { functionName, alias: alias.name },
      parent,
    ),
  );

  const routeResources = route
    ? registerRoute(name, route, functionUrl.functionUrl, oac, parent)
    : undefined;

  // A refused function never gets its resources registered, so their outputs would never
  // settle; what guard() returns rejects with the refusal instead.
  const afterCheck = (value: Output<string>): Output<string> =>
    all([checked, value]).apply(([, resolved]) => resolved);
  const guarded: Guarded = {
    url: afterCheck(route ? route.routerUrl : functionUrl.functionUrl),
    functionName,
    alias: afterCheck(alias.name),
    nodes: { alias, functionUrl, permissions, ...routeResources },
  };
  component.done(guarded);
  return guarded;
}

/** The planned permissions, each on the alias (`qualifier`) where SST's are unqualified. */
function createPermissions(
  name: string,
  plan: readonly PermissionSpec[],
  target: { functionName: Input<string>; alias: Input<string> },
  parent: Resource,
): aws.lambda.Permission[] {
  const { Permission } = awsSdk().lambda;
  return plan.map(
    ({ suffix, ...spec }) =>
      new Permission(
        `${name}${suffix}`,
        { ...spec, function: target.functionName, qualifier: target.alias },
        { parent },
      ),
  );
}

/**
 * guard()'s resources in one node of the app's resource tree. A subclass, because
 * `registerOutputs` is protected; declared at call time, when SST's `ComponentResource` exists.
 */
function guardComponent(
  name: string,
  opts: GuardOptions | undefined,
): { resource: ComponentResource; done: (guarded: Guarded) => void } {
  class GuardComponent extends pulumiSdk().ComponentResource {
    done({ url, functionName, alias }: Guarded): void {
      this.registerOutputs({ url, functionName, alias });
    }
  }
  const component = new GuardComponent("ripcord:sst:Guard", name, {}, opts);
  return { resource: component, done: (guarded) => component.done(guarded) };
}

function pascal(service: string): string {
  return service
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}
