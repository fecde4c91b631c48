/**
 * The package as a user gets it: `npm run build`, `npm pack`, the tarball installed offline into
 * an empty project, and an SST app's infra file importing it, bundled the way SST bundles
 * sst.config.ts (support/sst-build.ts) and run by Node: once as `sst install` evaluates the config
 * on a fresh checkout (no `.sst/platform`, so no `@pulumi/*` to resolve), once as `sst deploy`
 * runs it, with `@pulumi/*` resolved from `.sst/platform/node_modules` as SST resolves them.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { platformPath } from "./support/platform.ts";
import { sstBuild } from "./support/sst-build.ts";

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch: string[] = [];

/** A user's sst.config.ts: its infra file (which imports @ripcord/sst) loaded inside run(). */
const SST_CONFIG = `export default $config({
  app() {
    return { name: "shop", home: "aws" };
  },
  async run() {
    const { program } = await import("./infra/api.js");
    return program();
  },
});
`;

let app = "";
let tarball: unknown;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "ripcord-sst-pack-"));
  scratch.push(dir);

  await run("npm", ["run", "build"], { cwd: packageDir });
  const { stdout: packJson } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
    { cwd: packageDir },
  );
  const packed: unknown = JSON.parse(packJson);
  [tarball] = Array.isArray(packed) ? packed : [];

  app = path.join(dir, "app");
  await mkdir(path.join(app, "infra"), { recursive: true });
  await writeFile(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const filename: unknown =
    typeof tarball === "object" && tarball ? Reflect.get(tarball, "filename") : undefined;
  if (typeof filename !== "string") throw new Error("npm pack named no tarball");
  await run(
    "npm",
    ["install", "--no-save", "--offline", "--no-audit", "--no-fund", "--no-package-lock"].concat(
      path.join(dir, filename),
    ),
    { cwd: app },
  );
  await writeFile(path.join(app, "sst.config.ts"), SST_CONFIG);
  await copyFile(
    path.join(packageDir, "test", "fixtures", "consumer.js"),
    path.join(app, "infra", "api.js"),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

test("the tarball holds the built package and its README only", () => {
  expect(tarball).toMatchObject({ name: "@ripcord/sst", version: "0.1.0" });
  const files = filesOf(tarball);
  expect(files).toEqual(
    expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts"]),
  );
  expect(files.filter((file) => !file.startsWith("dist/"))).toEqual(["README.md", "package.json"]);
});

test("a fresh checkout's `sst install` evaluates the config: nothing imports @pulumi", async () => {
  // project.go's entry; SST writes the bundle under .sst/platform, which does not exist yet on
  // a fresh checkout, so no @pulumi/* resolves from it: the same as this directory.
  const outfile = path.join(app, ".sst", `sst.config.${Date.now()}.mjs`);
  await sstBuild(
    "config",
    app,
    `import mod from "./sst.config.ts";
console.log("~j" + JSON.stringify(await mod.app({ stage: "ci" })));`,
    outfile,
  );
  const { stdout } = await run("node", ["--no-warnings", outfile], { cwd: app });
  expect(stdout.trim()).toBe('~j{"name":"shop","home":"aws"}');
}, 120_000);

test("`sst deploy`'s bundle: guard() works from the tarball with SST's $util and aws", async () => {
  const pulumiDir = path.dirname(platformPath("node_modules", "@pulumi", "pulumi", "package.json"));
  const awsDir = path.dirname(platformPath("node_modules", "@pulumi", "aws", "package.json"));
  // The peers are optional: a user's SST app has them only in .sst/platform/node_modules, next
  // to the bundle SST writes (js.go's default outfile).
  const platform = path.join(app, ".sst", "platform");
  await mkdir(path.join(platform, "node_modules", "@pulumi"), { recursive: true });
  await symlink(pulumiDir, path.join(platform, "node_modules", "@pulumi", "pulumi"), "dir");
  await symlink(awsDir, path.join(platform, "node_modules", "@pulumi", "aws"), "dir");

  const outfile = path.join(platform, `sst.config.${Date.now()}.mjs`);
  // run.go's entry, with the program called directly instead of through SST's auto/run.ts.
  await sstBuild(
    "deploy",
    app,
    `import mod from "./sst.config.ts";
console.log(JSON.stringify(await mod.run()));`,
    outfile,
  );
  const { stdout } = await run("node", ["--no-warnings", outfile], { cwd: app });
  const seen: unknown = JSON.parse(stdout);
  expect(seen).toMatchObject({
    exports: expect.arrayContaining(["guard", "ripcordTags", "GuardError"]),
    tags: { "ripcord:service": "api", "ripcord:stage": "ops" },
    url: "https://d111.cloudfront.net/api",
    functionName: "shop-dev-api",
    alias: "production",
    aliasInputs: { name: "production", functionName: "shop-dev-api", functionVersion: "4" },
    urlInputs: { qualifier: "production", authorizationType: "AWS_IAM" },
    routeKey: {
      store: "arn:aws:cloudfront::123456789012:key-value-store/kv",
      entries: { metadata: expect.stringContaining('"host":"abc123.lambda-url.us-east-1.on.aws"') },
    },
  });
  const permissions: unknown = Reflect.get(Object(seen), "permissions");
  expect(permissions).toHaveLength(2);
  expect(permissions).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        action: "lambda:InvokeFunctionUrl",
        qualifier: "production",
        principal: "cloudfront.amazonaws.com",
        sourceArn: "arn:aws:cloudfront::123456789012:distribution/D111",
      }),
      expect.objectContaining({
        action: "lambda:InvokeFunction",
        qualifier: "production",
        principal: "cloudfront.amazonaws.com",
        invokedViaFunctionUrl: true,
      }),
    ]),
  );
}, 300_000);

function filesOf(tarball: unknown): string[] {
  const files: unknown =
    typeof tarball === "object" && tarball ? Reflect.get(tarball, "files") : [];
  if (!Array.isArray(files)) return [];
  return files.flatMap((file: unknown) => {
    const filePath: unknown =
      typeof file === "object" && file ? Reflect.get(file, "path") : undefined;
    return typeof filePath === "string" ? [filePath] : [];
  });
}
