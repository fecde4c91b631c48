import path from "node:path";
import { build, type BuildOptions, type Metafile } from "esbuild";

/*
 * Bundles a handler the way infra ships it: SST's Node builder is esbuild with format esm and
 * minify (infra/functions.ts); everything is bundled, Ripcord's pinned SDK included (Lambda's
 * nodejs22.x runtime also ships an SDK v3, which Ripcord does not rely on), and only Node's own
 * modules stay external. SST adds the same createRequire banner so bundled CommonJS can require them.
 *
 * A handler built with `nodejs.splitting` (the API: infra/functions.ts) is bundled as SST's builder
 * does then (pkg/runtime/node/build.go: esbuild Splitting, Outdir the bundle's directory, EntryNames
 * "bundle", OutExtension .mjs): its entry is <dir>/bundle.mjs beside the chunks it may import. A
 * cold start loads the entry and the chunks it imports statically; `import()`ed chunks load only
 * when a request needs them.
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
  /** The entry: the file the runner imports. */
  file: string;
  /** Every file shipped (with splitting, all the chunks). */
  bytes: number;
  /** The entry and the chunks it imports statically: what a cold start loads before the first request. */
  staticBytes: number;
  /** SDK packages the bundle contains (client-*, lib-dynamodb), from esbuild's metafile. */
  sdkClients: string[];
  /** Those of them in the statically loaded files. */
  staticSdkClients: string[];
}

/** The outputs a cold start loads: the entry and, transitively, the chunks it imports with `import` statements. */
export function staticOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const pending = [entry];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const output = metafile.outputs[next];
    if (seen.has(next) || !output) continue;
    seen.add(next);
    for (const imported of output.imports)
      if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
  }
  return [...seen];
}

/**
 * The `@aws-sdk/client-*` and `@aws-sdk/lib-*` packages that contribute code to the outputs (the
 * metafile's top-level inputs also list files esbuild read and then tree-shook away entirely).
 */
export function sdkClientsOf(
  metafile: Metafile,
  outputs: readonly string[] = Object.keys(metafile.outputs),
): string[] {
  const found = new Set<string>();
  for (const output of outputs.flatMap((name) => metafile.outputs[name] ?? [])) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/(@aws-sdk\/(?:client|lib)-[a-z0-9-]+)\//.exec(input);
      if (match?.[1] && bytesInOutput > 0) found.add(match[1]);
    }
  }
  return [...found].sort();
}

/** Where the entry is written: `outfile`, or with splitting <outfile without .mjs>/bundle.mjs (as SST names it). */
function outputOptions(
  outfile: string,
  splitting: boolean,
): Pick<BuildOptions, "outfile" | "splitting" | "outdir" | "entryNames" | "outExtension"> {
  if (!splitting) return { outfile };
  return {
    splitting: true,
    outdir: outfile.replace(/\.mjs$/, ""),
    entryNames: "bundle",
    outExtension: { ".js": ".mjs" },
  };
}

function bundleOf(metafile: Metafile, outfile: string, splitting: boolean): Bundle {
  const entries = Object.entries(metafile.outputs).filter(([, output]) => output.entryPoint);
  // The metafile names outputs relative to absWorkingDir; the entry is the one whose name ends in bundle.mjs.
  const entry = splitting
    ? entries.find(([name]) => path.basename(name) === "bundle.mjs")?.[0]
    : entries[0]?.[0];
  if (entry === undefined) throw new Error(`esbuild wrote no entry for ${outfile}`);
  const loaded = staticOutputs(metafile, entry);
  const size = (names: readonly string[]): number =>
    names.reduce((sum, name) => sum + (metafile.outputs[name]?.bytes ?? 0), 0);
  return {
    file: path.resolve(REPO_ROOT, entry),
    bytes: size(Object.keys(metafile.outputs)),
    staticBytes: size(loaded),
    sdkClients: sdkClientsOf(metafile),
    staticSdkClients: sdkClientsOf(metafile, loaded),
  };
}

export interface BundleOptions {
  /** SST's `nodejs.splitting` (infra/functions.ts). */
  splitting?: boolean;
}

export async function bundleEntry(
  entry: string,
  outfile: string,
  { splitting = false }: BundleOptions = {},
): Promise<Bundle> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    ...outputOptions(outfile, splitting),
    entryPoints: [entry],
    absWorkingDir: REPO_ROOT,
  });
  return bundleOf(result.metafile, outfile, splitting);
}

/**
 * Bundles generated source (the baselines) with the same options, resolving packages from the
 * repository. A baseline is split when its handler is: the SDK's own `import()`s (credential
 * providers) then stay out of both cold starts alike.
 */
export async function bundleSource(
  source: string,
  outfile: string,
  { splitting = false }: BundleOptions = {},
): Promise<Bundle> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    ...outputOptions(outfile, splitting),
    stdin: {
      contents: source,
      resolveDir: REPO_ROOT,
      loader: "js",
      sourcefile: path.basename(outfile),
    },
    absWorkingDir: REPO_ROOT,
  });
  return bundleOf(result.metafile, outfile, splitting);
}
