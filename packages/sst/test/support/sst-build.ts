/**
 * SST's two builds of a user's sst.config.ts, with the options SST 4.17 gives esbuild
 * (`pkg/js/js.go` `Build`, called from `pkg/project/project.go` and `pkg/project/run.go` in
 * anomalyco/sst), so a test bundles `@ripcord/sst` the way a user's deploy does:
 *
 * - "config": what `sst install` (and every command) runs first, to read `app()`: no globals, and
 *   run by Node before `.sst/platform` exists on a fresh checkout.
 * - "deploy": what `sst deploy` runs: `platform/src/shim/run.js` injected (it exports `$util` and
 *   the other `$` helpers) and, by the `InjectGlobals` plugin, `import * as aws from "@pulumi/aws";`
 *   prepended to every bundled file outside `.sst`.
 *
 * The injected shim here has only run.js's `$util` and `$config`: the rest of run.js pulls SST's
 * components, which guard() does not use.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";

export type SstBuildMode = "config" | "deploy";

/** js.go's banner: ESM with `require`, `__filename` and `__dirname`. */
const BANNER = `
import { createRequire as topLevelCreateRequire } from 'module';
const require = topLevelCreateRequire(import.meta.url);
import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"
const __filename = topLevelFileUrlToPath(import.meta.url)
const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))
`;

/** js.go's `External`. */
const EXTERNAL = [
  "@pulumi/*",
  "undici",
  "@pulumiverse/*",
  "@sst-provider/*",
  "@aws-sdk/*",
  "esbuild",
  "archiver",
  "glob",
  "vite",
];

/** run.go's `providerShim` for an app whose only provider is aws (the `sst` line omitted). */
const PROVIDER_SHIM = 'import * as aws from "@pulumi/aws";';

/** run.js's `$util` (`util as "$util"`) and `$config` (config.ts's: it returns its input). */
const RUN_SHIM = `import * as util from "@pulumi/pulumi";
export { util as "$util" };
export function $config(input) { return input; }
`;

/**
 * Bundles `code` (the stdin entry SST writes: it imports the config and calls `app()` or `run()`)
 * from `dir` into `outfile`, as SST would for `mode`.
 */
export async function sstBuild(
  mode: SstBuildMode,
  dir: string,
  code: string,
  outfile: string,
): Promise<void> {
  const shim = path.join(dir, ".sst", "run-shim.mjs");
  if (mode === "deploy") {
    await mkdir(path.dirname(shim), { recursive: true });
    await writeFile(shim, RUN_SHIM);
  }
  const result = await build({
    banner: {
      js: BANNER + (mode === "config" ? "function $config(input) { return input }" : ""),
    },
    mainFields: ["module", "main"],
    format: "esm",
    platform: "node",
    stdin: { contents: code, resolveDir: dir, sourcefile: "eval.ts", loader: "ts" },
    external: EXTERNAL,
    inject: mode === "deploy" ? [shim] : [],
    plugins: mode === "deploy" ? [injectGlobals(path.join(dir, ".sst"))] : [],
    outfile,
    write: true,
    bundle: true,
    logLevel: "silent",
  });
  if (result.errors.length > 0) {
    throw new Error(`esbuild: ${result.errors.map((error) => error.text).join("; ")}`);
  }
}

/** js.go's `InjectGlobals`: the provider imports on top of every file outside `.sst`. */
function injectGlobals(sstDir: string): Plugin {
  return {
    name: "InjectGlobals",
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, async (args) => {
        if (args.path.startsWith(sstDir)) return undefined;
        const contents = await readFile(args.path, "utf8");
        return { contents: `${PROVIDER_SHIM}\n${contents}`, loader: "default" };
      });
    },
  };
}
