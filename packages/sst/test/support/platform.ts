/**
 * The SST platform `sst install` generates in the repository's `.sst/platform`: its
 * `@pulumi/pulumi` and `@pulumi/aws` are the copies SST runs a user's sst.config.ts with, and its
 * sources hold the real `sst.aws.Router`. The tests load both from there, so what guard() is tested
 * against is what it runs against.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const platformDir = path.join(repoRoot, ".sst", "platform");

const INSTALL =
  "SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 npx sst install --stage ci";

/** A platform file's path, or a failure that says how to generate the platform. */
export function platformPath(...segments: string[]): string {
  const file = path.join(platformDir, ...segments);
  if (!existsSync(file)) {
    throw new Error(
      `packages/sst's tests need SST's platform, and ${path.relative(repoRoot, file)} is missing. ` +
        `Run \`${INSTALL}\` at the repository root (scripts/typecheck-infra.mjs runs it too).`,
    );
  }
  return file;
}

/** `@pulumi/pulumi` or `@pulumi/aws` from the platform: the module `vi.mock` substitutes. */
export async function platformPulumi(name: "pulumi" | "aws"): Promise<object> {
  const entry = platformPath("node_modules", "@pulumi", name, "index.js");
  const module: unknown = await import(pathToFileURL(entry).href);
  if (typeof module !== "object" || module === null) {
    throw new Error(`${entry} did not load as a module`);
  }
  return module;
}
