#!/usr/bin/env node
/**
 * Type-checks examples/sst-hono-api the way its user would build it, offline:
 *
 * 1. `npm pack` of packages/instrument and packages/sst (each builds its dist first) into the
 *    example's vendor/, the tarballs its package.json installs (`file:vendor/...`).
 * 2. `npm ci --offline` in the example. Its lockfile pins the same registry packages as the root
 *    lockfile, so the root's `npm ci` already put every one in the npm cache. The tarballs' entries
 *    carry no integrity: they are rebuilt on every run, and with a stale integrity npm would
 *    install the cached old tarball (or refuse the new one) instead.
 * 3. The example's .sst/platform: a link to the root's, which `sst install` generated for the same
 *    SST version (the example pins the root's SST), so it is the platform the example would get.
 * 4. tsc on the example's tsconfig (sst.config.ts, infra/, src/), reporting only its own files.
 */
import { execFile } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import { rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensurePlatform, typecheckProject } from "./lib/sst-typecheck.mjs";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const example = path.join(root, "examples", "sst-hono-api");
const vendor = path.join(example, "vendor");
const PACKAGES = ["packages/instrument", "packages/sst"];
const started = performance.now();
const timings = [];

try {
  ensurePlatform(root, "check-example");
  await step("pack", pack);
  syncLock();
  await step("install", install);
  linkPlatform();
  const checked = await step("tsc", () => typecheckProject(path.join(example, "tsconfig.json")));
  if (checked === undefined) process.exit(1);
  console.log(
    `check-example: ${checked} files checked, no errors (${since(started)} s: ${timings.join(", ")})`,
  );
} catch (error) {
  console.error(`check-example: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

async function step(name, work) {
  const start = performance.now();
  const result = await work();
  timings.push(`${name} ${since(start)} s`);
  return result;
}

function since(start) {
  return ((performance.now() - start) / 1000).toFixed(1);
}

/** Both tarballs, built from the sources as they are now; the two packs run side by side. */
async function pack() {
  mkdirSync(vendor, { recursive: true });
  for (const file of readdirSync(vendor)) {
    if (file.endsWith(".tgz")) rmSync(path.join(vendor, file));
  }
  await Promise.all(
    PACKAGES.map((dir) =>
      run("npm", ["pack", "--pack-destination", vendor, "--loglevel", "error"], {
        cwd: path.join(root, dir),
      }).catch((cause) => {
        throw new Error(`npm pack in ${dir} failed:\n${outputOf(cause)}`, { cause });
      }),
    ),
  );
  const manifest = readJson(path.join(example, "package.json"));
  for (const [name, spec] of Object.entries(dependenciesOf(manifest))) {
    if (!spec.startsWith("file:")) continue;
    if (!existsSync(path.join(example, spec.slice("file:".length)))) {
      throw new Error(
        `the example installs ${name} from ${spec}, which npm pack did not write ` +
          `(vendor/ holds ${readdirSync(vendor).join(", ")}): update its package.json and lockfile`,
      );
    }
  }
}

/**
 * The lockfile may carry only what the root's `npm ci` cached (so that the install needs no
 * network) and no integrity for the rebuilt tarballs (an `npm install` in the example adds it
 * back; it is dropped here, and the diff shows it).
 */
function syncLock() {
  const lockPath = path.join(example, "package-lock.json");
  const lock = readJson(lockPath);
  const rootPackages = readJson(path.join(root, "package-lock.json")).packages ?? {};
  let dropped = false;
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (key === "") continue;
    if (typeof entry.resolved === "string" && entry.resolved.startsWith("file:")) {
      if ("integrity" in entry) {
        delete entry.integrity;
        dropped = true;
      }
      continue;
    }
    const cached = Object.values(rootPackages).some(
      (other) => other.integrity === entry.integrity && other.version === entry.version,
    );
    if (!cached) {
      throw new Error(
        `the example's lockfile has ${key}@${entry.version}, which the root lockfile does not: ` +
          "the root's npm ci does not cache it, so the offline install would fail; " +
          "pin the root's version in examples/sst-hono-api/package.json",
      );
    }
  }
  if (dropped) {
    writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
    console.error("check-example: dropped the vendor tarballs' integrity from the lockfile");
  }
}

async function install() {
  // No dependency of the example has an install script (SST's binary is an optional dependency
  // per platform); --ignore-scripts keeps npm from flagging the tarballs' `prepare`.
  await run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: example,
  }).catch((cause) => {
    throw new Error(`npm ci --offline in the example failed:\n${outputOf(cause)}`, { cause });
  });
}

/** The example's .sst/platform: a link to the root's, unless `sst install` made a real one. */
function linkPlatform() {
  const version = (dir) => readFileSync(path.join(dir, "version"), "utf8").trim();
  const rootPlatform = path.join(root, ".sst", "platform");
  const pinned = readJson(path.join(example, "package.json")).dependencies?.sst;
  if (pinned !== version(rootPlatform)) {
    throw new Error(
      `the example pins sst ${pinned}, the root's platform is SST ${version(rootPlatform)}: ` +
        "the root's platform is not the one the example would get",
    );
  }
  const link = path.join(example, ".sst", "platform");
  const target = path.relative(path.dirname(link), rootPlatform);
  const stat = lstatSync(link, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink() && readlinkSync(link) === target) return;
  if (stat?.isSymbolicLink()) rmSync(link);
  else if (stat) {
    if (version(link) !== pinned) {
      throw new Error(`examples/sst-hono-api/.sst/platform is not SST ${pinned}: remove it`);
    }
    return;
  }
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link, "dir");
}

function dependenciesOf(manifest) {
  return { ...manifest.dependencies, ...manifest.devDependencies };
}

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function outputOf(error) {
  const stderr = error && typeof error === "object" ? Reflect.get(error, "stderr") : undefined;
  return typeof stderr === "string" && stderr !== "" ? stderr : String(error);
}
