import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { emfProblems } from "./emf.ts";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = join(packageDir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "ripcord-instrument-pack-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

// Child npm runs get the machine's environment without the npm_* variables of an enclosing
// `npm test`, which would otherwise steer them (workspace, lifecycle, prefix).
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith("npm_")),
);
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/**
 * Packs a copy of the package, laid out as in a fresh checkout (the package, the base tsconfig it
 * extends, the repository's installed tools), so the build that `npm pack` runs through `prepare`
 * starts from the sources and never touches the workspace's own dist/.
 */
const pack = (): { tarball: string; files: string[] } => {
  const checkout = join(work, "checkout");
  const copy = join(checkout, "packages", "instrument");
  mkdirSync(copy, { recursive: true });
  cpSync(packageDir, copy, {
    recursive: true,
    filter: (path) => !/[/\\](dist|node_modules)$/.test(path),
  });
  cpSync(join(repoRoot, "tsconfig.base.json"), join(checkout, "tsconfig.base.json"));
  symlinkSync(join(repoRoot, "node_modules"), join(checkout, "node_modules"), "dir");
  const out = run("npm", ["pack", "--json", "--pack-destination", work], copy);
  // npm pack --json prints the build's output first, then the JSON array.
  const report: unknown = JSON.parse(out.slice(out.indexOf("[\n")));
  const entry: unknown = Array.isArray(report) ? report[0] : undefined;
  const filename: unknown =
    typeof entry === "object" && entry ? Reflect.get(entry, "filename") : "";
  const files: unknown = typeof entry === "object" && entry ? Reflect.get(entry, "files") : [];
  if (typeof filename !== "string" || !Array.isArray(files)) throw new Error(`npm pack: ${out}`);
  return {
    tarball: join(work, filename),
    files: files.map((file: unknown) =>
      String(typeof file === "object" && file ? Reflect.get(file, "path") : file),
    ),
  };
};

const consumerCheck = `
import { withRipcord } from "@ripcord/instrument";
import { ripcordHono } from "@ripcord/instrument/hono";
import { ripcordMiddy } from "@ripcord/instrument/middy";
const lines = [];
const handler = withRipcord(async () => ({ statusCode: 500 }), { write: (l) => lines.push(l) });
await handler({}, {
  functionName: "acme-api",
  functionVersion: "7",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:acme-api:production",
});
const middleware = ripcordMiddy();
console.log(JSON.stringify({
  lines,
  hono: typeof ripcordHono(),
  middy: [typeof middleware.before, typeof middleware.after, typeof middleware.onError],
}));
`;

// Type-checked with the installed declarations, as a TypeScript user would (NodeNext resolution
// reads package.json "exports" and its "types" conditions).
const consumerTypes = `
import { withRipcord, type RipcordOptions } from "@ripcord/instrument";
const options: RipcordOptions = { highResolution: true, namespace: "Acme" };
const handler = withRipcord(async (event: { id: string }) => ({ statusCode: 200, body: event.id }), options);
const result: Promise<{ statusCode: number; body: string }> = handler({ id: "1" }, {});
export { result };
`;

describe("the npm package", () => {
  // Three npm and two tsc runs: seconds on an idle machine, more on a busy one; not a speed check.
  it(
    "packs dist only, installs offline and works from plain node and TypeScript",
    { timeout: 180_000 },
    () => {
      const { tarball, files } = pack();
      expect(files.sort()).toEqual([
        "README.md",
        "dist/core.d.ts",
        "dist/core.js",
        "dist/hono.d.ts",
        "dist/hono.js",
        "dist/index.d.ts",
        "dist/index.js",
        "dist/middy.d.ts",
        "dist/middy.js",
        "package.json",
      ]);

      const project = join(work, "project");
      mkdirSync(project);
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "consumer", private: true, type: "module" }),
      );
      run("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund"], project);

      writeFileSync(join(project, "check.mjs"), consumerCheck);
      const report: unknown = JSON.parse(run("node", ["check.mjs"], project));
      expect(report).toMatchObject({
        lines: [expect.any(String)],
        hono: "function",
        middy: ["function", "function", "function"],
      });
      const lines: unknown =
        typeof report === "object" && report ? Reflect.get(report, "lines") : [];
      const line = Array.isArray(lines) ? String(lines[0]) : "";
      expect(emfProblems(line)).toEqual([]);
      expect(JSON.parse(line)).toMatchObject({ Resource: "acme-api:production", Errors5xx: 1 });

      writeFileSync(join(project, "consumer.ts"), consumerTypes);
      writeFileSync(
        join(project, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module: "NodeNext",
            moduleResolution: "NodeNext",
            target: "ES2022",
            strict: true,
            noEmit: true,
            types: [],
            lib: ["ES2022"],
          },
          files: ["consumer.ts"],
        }),
      );
      const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
      expect(() => run("node", [tsc, "-p", "tsconfig.json"], project)).not.toThrow();
    },
  );
});
