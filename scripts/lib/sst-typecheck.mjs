/**
 * What the offline type-checks of an SST app share (the repository's own infra, and the example
 * app): SST's platform types, and one tsc program over a tsconfig that reports only the app's
 * own files.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * Generates `<dir>/.sst/platform` when it is missing: `sst install` writes SST's components and
 * installs the Pulumi AWS provider's types from the npm registry alone (no AWS account).
 */
export function ensurePlatform(dir, label) {
  const platform = path.join(dir, ".sst", "platform", "config.d.ts");
  if (existsSync(platform)) return;
  console.error(`${label}: generating .sst/platform (sst install, offline, stage ci)`);
  execFileSync("npx", ["sst", "install", "--stage", "ci"], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      SST_SKIP_DEPENDENCY_CHECK: "1",
      SST_NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
  if (!existsSync(platform)) {
    throw new Error(
      `${label}: sst install finished but ${path.relative(dir, platform)} is missing`,
    );
  }
}

/**
 * The same program as `tsc -p <configPath> --noEmit`, reporting only the files under `dir` that
 * are the app's own: .sst/platform ships SST's TypeScript sources, written for SST's compiler
 * settings rather than ours (verbatimModuleSyntax, noUncheckedIndexedAccess), so their own errors
 * are not ours to fix; nor are those of installed packages. Returns the number of files checked,
 * or undefined after printing the errors.
 */
export function typecheckProject(configPath) {
  const dir = path.dirname(configPath);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) return report([read.error], dir);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, configPath);
  if (parsed.errors.length > 0) return report(parsed.errors, dir);

  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, noEmit: true },
  });
  const ours = program.getSourceFiles().filter((file) => isOwnSource(file, dir));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((file) => [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]),
  ];
  if (diagnostics.length > 0) return report(diagnostics, dir);
  return ours.length;
}

// TypeScript names a file by its real path, so a symlinked .sst/platform lands outside `dir`.
function isOwnSource(file, dir) {
  if (file.isDeclarationFile) return false;
  const relative = path.relative(dir, path.resolve(file.fileName));
  if (relative.startsWith("..") || path.isAbsolute(relative)) return false;
  const segments = relative.split(path.sep);
  return !segments.includes(".sst") && !segments.includes("node_modules");
}

function report(list, dir) {
  console.error(
    ts.formatDiagnosticsWithColorAndContext(list, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => dir,
      getNewLine: () => "\n",
    }),
  );
  return undefined;
}
