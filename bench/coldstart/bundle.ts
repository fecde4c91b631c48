import { statSync } from "node:fs";
import path from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";

/*
 * Bundles a handler the way infra ships it: SST's Node builder is esbuild with format esm and
 * minify (infra/functions.ts); everything is bundled, Ripcord's pinned SDK included (Lambda's
 * nodejs22.x runtime also ships an SDK v3, which Ripcord does not rely on), and only Node's own
 * modules stay external. SST adds the same createRequire banner so bundled CommonJS can require them.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const EXTERNAL = ["node:*", "<every Node.js built-in module> (platform node)"];
const BANNER =
  "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);";

export const BUNDLE_OPTIONS: BuildOptions & { metafile: true } = {
  bundle: true,
  platform: "node",
  format: "esm",
  minify: true,
  target: "node20",
  metafile: true,
  banner: { js: BANNER },
  mainFields: ["module", "main"],
  logLevel: "silent",
};

export interface Bundle {
  file: string;
  bytes: number;
  /** SDK packages the bundle contains (client-*, lib-dynamodb), from esbuild's metafile. */
  sdkClients: string[];
}

/**
 * The `@aws-sdk/client-*` and `@aws-sdk/lib-*` packages that contribute code to the output (the
 * metafile's top-level inputs also list files esbuild read and then tree-shook away entirely).
 */
export function sdkClientsOf(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/(@aws-sdk\/(?:client|lib)-[a-z0-9-]+)\//.exec(input);
      if (match?.[1] && bytesInOutput > 0) found.add(match[1]);
    }
  }
  return [...found].sort();
}

export async function bundleEntry(entry: string, outfile: string): Promise<Bundle> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [entry],
    outfile,
    absWorkingDir: REPO_ROOT,
  });
  return {
    file: outfile,
    bytes: statSync(outfile).size,
    sdkClients: sdkClientsOf(result.metafile),
  };
}

/** Bundles generated source (the baselines) with the same options, resolving packages from the repository. */
export async function bundleSource(source: string, outfile: string): Promise<Bundle> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    stdin: {
      contents: source,
      resolveDir: REPO_ROOT,
      loader: "js",
      sourcefile: path.basename(outfile),
    },
    outfile,
    absWorkingDir: REPO_ROOT,
  });
  return {
    file: outfile,
    bytes: statSync(outfile).size,
    sdkClients: sdkClientsOf(result.metafile),
  };
}
