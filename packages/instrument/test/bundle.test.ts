import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const source = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

/** What an app's bundler would add for one entry point: bundled, minified ESM. */
const bundle = async (file: string) => {
  const result = await build({
    entryPoints: [source(file)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node18",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Type-only imports; marked external so that a runtime import of them would show below
    // instead of inlining the framework into the measured bytes.
    external: ["hono", "@middy/core"],
  });
  const [output] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  if (!output || !meta) throw new Error(`esbuild produced no output for ${file}`);
  return { bytes: output.contents.byteLength, text: output.text, meta };
};

describe("each entry point, bundled and minified", () => {
  it.each([
    ["index.ts", "withRipcord"],
    ["hono.ts", "ripcordHono"],
    ["middy.ts", "ripcordMiddy"],
  ])("%s is at most 2 KB, imports nothing and exports %s", async (file, name) => {
    const { bytes, text, meta } = await bundle(file);
    expect(bytes).toBeLessThanOrEqual(2048);
    expect(meta.imports).toEqual([]);
    expect(text).not.toMatch(/\bimport\s*[\w{*"'(]|\brequire\(/);
    expect(meta.exports).toEqual([name]);
  });
});
