#!/usr/bin/env node
/**
 * Typechecks sst.config.ts and infra/ against SST's platform types, offline.
 *
 * 1. `sst install` generates .sst/platform (SST's components and the Pulumi AWS provider's types)
 *    from the npm registry alone; it is git-ignored, so a fresh clone runs it once.
 * 2. The same program as `tsc -p tsconfig.infra.json --noEmit`, reporting only our own files
 *    (scripts/lib/sst-typecheck.mjs says why).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePlatform, typecheckProject } from "./lib/sst-typecheck.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

ensurePlatform(root, "typecheck-infra");
const checked = typecheckProject(path.join(root, "tsconfig.infra.json"));
if (checked === undefined) process.exit(1);
console.log(`typecheck-infra: ${checked} files checked, no errors`);
