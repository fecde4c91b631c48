/**
 * The config as infra bundles it into each function's code at build time (an esbuild `define` of
 * this identifier, set through `nodejs.esbuild.define` of sst.aws.Function), so it never counts
 * against Lambda's 4 KB environment. Undefined where nothing was bundled (the sandbox and the
 * tests run the sources and set RIPCORD_CONFIG instead): `typeof` of an undeclared name is safe.
 */
declare const RIPCORD_BUNDLED_CONFIG: string | undefined;

/** The identifier infra defines; keep it in step with the declaration above. */
export const BUNDLED_CONFIG_IDENTIFIER = "RIPCORD_BUNDLED_CONFIG";

export function bundledConfig(): string | undefined {
  return typeof RIPCORD_BUNDLED_CONFIG === "string" ? RIPCORD_BUNDLED_CONFIG : undefined;
}
