/**
 * SST's own Pulumi SDKs, taken at call time from the globals SST gives the code it bundles, never
 * by a value import. SST evaluates sst.config.ts's `app()` before `.sst/platform` exists (`sst
 * install` on a fresh checkout: `pkg/project/project.go` bundles it with no globals), and esbuild
 * hoists a bundled module's external imports to the top of that bundle, so a static
 * `import ... from "@pulumi/pulumi"` here failed that evaluation with ERR_MODULE_NOT_FOUND.
 *
 * When SST bundles sst.config.ts for a deploy (`pkg/project/run.go`, `pkg/js/js.go`, SST 4.17):
 * - `$util` is `@pulumi/pulumi`: esbuild's `inject` of `platform/src/shim/run.js`
 *   (`export { util as "$util" }`) replaces the free identifier in every bundled file;
 * - `aws` is `@pulumi/aws`: the `InjectGlobals` plugin prepends
 *   `import * as aws from "@pulumi/aws";` (one line per provider in the lock) to every bundled
 *   file outside `.sst`, this package's `dist/index.js` included.
 * Anywhere else (a test under Pulumi's mocks, a plain Node program) the same names resolve to
 * `globalThis.$util` / `globalThis.aws`, which the caller sets.
 */
import type * as PulumiAws from "@pulumi/aws";
import type * as Pulumi from "@pulumi/pulumi";

// Module-scoped ambient declarations (erased): they do not clash with SST's global ones in a
// user's program, and the identifiers stay free for SST's bundler to bind.
declare const $util: typeof Pulumi | undefined;
declare const aws: typeof PulumiAws | undefined;

const OUTSIDE_SST =
  "@ripcord/sst runs inside sst.config.ts's run(), where SST provides `$util` (@pulumi/pulumi) " +
  "and `aws` (@pulumi/aws); elsewhere set globalThis.$util and globalThis.aws first";

/** `@pulumi/pulumi`, as SST's `$util`. */
export function pulumiSdk(): typeof Pulumi {
  if (typeof $util === "undefined") throw new Error(`${OUTSIDE_SST} ($util is not defined)`);
  return $util;
}

/** `@pulumi/aws`, as SST's `aws`. */
export function awsSdk(): typeof PulumiAws {
  if (typeof aws === "undefined") throw new Error(`${OUTSIDE_SST} (aws is not defined)`);
  return aws;
}
