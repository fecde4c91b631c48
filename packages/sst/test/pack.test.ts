/**
 * The package as a user gets it: `npm run build`, `npm pack`, the tarball installed offline into
 * an empty project, and its import run by plain Node, with `@pulumi/*` resolved to the SST
 * platform's copies as SST resolves them when it runs a user's sst.config.ts.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { platformPath } from "./support/platform.ts";

const run = promisify(execFile);
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

test("the packed tarball installs into an empty project and guard() works from it", async () => {
  const pulumiDir = path.dirname(platformPath("node_modules", "@pulumi", "pulumi", "package.json"));
  const awsDir = path.dirname(platformPath("node_modules", "@pulumi", "aws", "package.json"));
  const dir = await mkdtemp(path.join(tmpdir(), "ripcord-sst-pack-"));
  scratch.push(dir);

  await run("npm", ["run", "build"], { cwd: packageDir });
  const { stdout: packJson } = await run(
    "npm",
    ["pack", "--json", "--ignore-scripts", "--pack-destination", dir],
    { cwd: packageDir },
  );
  const packed: unknown = JSON.parse(packJson);
  const [tarball] = Array.isArray(packed) ? packed : [];
  expect(tarball).toMatchObject({ name: "@ripcord/sst", version: "0.1.0" });
  const files = filesOf(tarball);
  expect(files).toEqual(
    expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts"]),
  );
  expect(files.filter((file) => !file.startsWith("dist/"))).toEqual(["README.md", "package.json"]);

  const app = path.join(dir, "app");
  await mkdir(app);
  await writeFile(
    path.join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const filename = Reflect.get(tarball, "filename");
  if (typeof filename !== "string") throw new Error("npm pack named no tarball");
  await run(
    "npm",
    ["install", "--no-save", "--offline", "--no-audit", "--no-fund", "--no-package-lock"].concat(
      path.join(dir, filename),
    ),
    { cwd: app },
  );
  // The peers are optional: a user's SST app has them only in .sst/platform/node_modules.
  await mkdir(path.join(app, "node_modules", "@pulumi"));
  await symlink(pulumiDir, path.join(app, "node_modules", "@pulumi", "pulumi"), "dir");
  await symlink(awsDir, path.join(app, "node_modules", "@pulumi", "aws"), "dir");
  await copyFile(
    path.join(packageDir, "test", "fixtures", "consumer.mjs"),
    path.join(app, "consumer.mjs"),
  );

  const { stdout } = await run("node", ["consumer.mjs"], { cwd: app });
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
