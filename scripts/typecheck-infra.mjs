#!/usr/bin/env node
/**
 * Typechecks sst.config.ts and infra/ against SST's platform types, offline.
 *
 * 1. `sst install` generates .sst/platform (SST's components and the Pulumi AWS provider's types)
 *    from the npm registry alone; it is git-ignored, so a fresh clone runs it once.
 * 2. The same program as `tsc -p tsconfig.infra.json --noEmit`, reporting only our own files:
 *    .sst/platform ships SST's TypeScript sources, written for SST's compiler settings rather than
 *    ours (verbatimModuleSyntax, noUncheckedIndexedAccess), so their own errors are not ours to fix.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const platform = path.join(root, ".sst", "platform", "config.d.ts");

if (!existsSync(platform)) {
  console.error("typecheck-infra: generating .sst/platform (sst install, offline, stage ci)");
  execFileSync("npx", ["sst", "install", "--stage", "ci"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
  if (!existsSync(platform)) {
    console.error(
      `typecheck-infra: sst install finished but ${path.relative(root, platform)} is missing`,
    );
    process.exit(1);
  }
}

const configPath = path.join(root, "tsconfig.infra.json");
const read = ts.readConfigFile(configPath, ts.sys.readFile);
if (read.error) {
  report([read.error]);
  process.exit(1);
}
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configPath);
if (parsed.errors.length > 0) {
  report(parsed.errors);
  process.exit(1);
}

const program = ts.createProgram({
  rootNames: parsed.fileNames,
  options: { ...parsed.options, noEmit: true },
});
const sstSources = path.join(root, ".sst") + path.sep;
const ours = program
  .getSourceFiles()
  .filter(
    (file) =>
      !file.isDeclarationFile &&
      !path.resolve(file.fileName).startsWith(sstSources) &&
      !file.fileName.includes("/node_modules/"),
  );

const diagnostics = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...ours.flatMap((file) => [
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ]),
];

if (diagnostics.length > 0) {
  report(diagnostics);
  process.exit(1);
}
console.log(`typecheck-infra: ${ours.length} files checked, no errors`);

function report(list) {
  console.error(
    ts.formatDiagnosticsWithColorAndContext(list, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    }),
  );
}
