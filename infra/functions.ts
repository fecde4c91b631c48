/**
 * How every Ripcord function is built. They run rarely and are cold exactly when a rollback
 * starts, so bundles stay small (ESM, minified, SDK clients tree-shaken) and memory stays modest.
 */
import {
  statementsFor,
  type PolicyContext,
  type RipcordFunction,
  type Statement,
} from "./permissions.ts";

export interface RipcordFunctionArgs {
  /** Which grants (infra/permissions.ts) the function's role receives. */
  role: RipcordFunction;
  handler: string;
  environment: Record<string, $util.Input<string>>;
  policy: $util.Output<PolicyContext>;
  timeout?: "10 seconds" | "30 seconds" | "60 seconds";
  memory?: "256 MB" | "512 MB";
  url?: sst.aws.FunctionArgs["url"];
}

export function ripcordFunction(id: string, args: RipcordFunctionArgs): sst.aws.Function {
  const permissions: $util.Output<Statement[]> = args.policy.apply((ctx) =>
    statementsFor(args.role, ctx),
  );
  return new sst.aws.Function(id, {
    runtime: "nodejs22.x",
    architecture: "arm64",
    handler: args.handler,
    memory: args.memory ?? "256 MB",
    timeout: args.timeout ?? "30 seconds",
    nodejs: { format: "esm", minify: true },
    environment: args.environment,
    permissions,
    logging: { format: "json", retention: "1 month" },
    url: args.url ?? false,
  });
}
