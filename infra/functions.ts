/**
 * How every Ripcord function is built. They run rarely and are cold exactly when a rollback
 * starts, so bundles stay small (ESM, minified, SDK clients tree-shaken) and memory stays modest.
 */
import { BUNDLED_CONFIG_IDENTIFIER } from "@ripcord/core/config";
import { fittingEnvironment, fittingPolicy } from "./limits.ts";
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
  /** The config as JSON (infra/config.ts), bundled into the code. */
  config: $util.Input<string>;
  environment: Record<string, $util.Input<string>>;
  policy: $util.Output<PolicyContext>;
  /** The function's timeout; 30 s unless said (the steps: core/workflow/timeouts.ts). */
  timeoutSeconds?: number;
  memory?: "256 MB" | "512 MB";
  url?: sst.aws.FunctionArgs["url"];
  /**
   * Ship what the handler imports with `import()` in chunks of their own, so a cold start loads
   * only the statically imported code (and the SDK's own lazily loaded credential providers stay
   * unloaded too). SST's `nodejs.splitting` (.sst/platform/src/components/aws/function.ts: "modules
   * that are dynamically imported will be bundled in their own files with common dependencies
   * placed in shared chunks"); its builder, pkg/runtime/node/build.go, then sets esbuild's
   * Splitting with Outdir the bundle's directory, EntryNames "bundle" and OutExtension .mjs, so the
   * handler stays bundle.handler. Only the API asks for it (its cold init was the one over 1.5x).
   */
  splitting?: boolean;
}

export function ripcordFunction(id: string, args: RipcordFunctionArgs): sst.aws.Function {
  const permissions: $util.Output<Statement[]> = args.policy.apply((ctx) =>
    fittingPolicy(args.role, statementsFor(args.role, ctx)),
  );
  return new sst.aws.Function(id, {
    runtime: "nodejs22.x",
    architecture: "arm64",
    handler: args.handler,
    memory: args.memory ?? "256 MB",
    timeout: `${args.timeoutSeconds ?? 30} seconds`,
    nodejs: {
      format: "esm",
      minify: true,
      splitting: args.splitting ?? false,
      // The config grows with the watched functions, and Lambda's environment is capped at 4 KB:
      // it is defined into the bundle instead. SST's `nodejs.esbuild` takes esbuild's `define`
      // (https://sst.dev/docs/component/aws/function/#nodejs-esbuild; SST passes it to esbuild's
      // Define in pkg/runtime/node/build.go); core/config/bundled.ts reads it.
      esbuild: $output(args.config).apply((json) => ({
        define: { [BUNDLED_CONFIG_IDENTIFIER]: JSON.stringify(json) },
      })),
    },
    environment: $resolve(args.environment).apply((environment) =>
      fittingEnvironment(args.role, environment),
    ),
    permissions,
    logging: { format: "json", retention: "1 month" },
    url: args.url ?? false,
  });
}
