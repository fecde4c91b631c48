import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as z from "zod";
import { median, ratio, round } from "../lib/stats.ts";
import { resetService, restoreOnce } from "../restore/measure.ts";
import { sequentialWaves } from "../restore/waves.ts";
import type { BenchWorld } from "../restore/world.ts";
import { baselineSource, replayWaves } from "./baseline.ts";
import { bundleEntry, bundleSource, EXTERNAL, REPO_ROOT } from "./bundle.ts";
import { handlerInputs, handlerEnvironment } from "./inputs.ts";
import { RUNNER_SOURCE } from "./runner.ts";

/*
 * Item 3: every Lambda handler bundled as infra ships it, started cold in a fresh node process
 * (performance.now() before the dynamic import to after its first invocation against moto
 * returns), beside a baseline bundle that imports the same SDK packages and replays the same
 * first requests, run alternately in the same bench run.
 *
 * The API is built with SST's `nodejs.splitting` (infra/api.ts), so the bench bundles it so too:
 * the runner imports its entry, bundle.mjs, which loads only its statically imported chunks; the
 * modules the API imports with import() load on first use.
 * `bytes` counts every file shipped, `staticBytes` what the cold start loads. The baseline stays
 * fair: bundled the same way (split too: the SDK's own import()s of its credential providers then
 * leave both cold starts), it imports the SDK packages of the statically loaded chunks plus any
 * the first invocation called. The same baseline in one file is measured beside it
 * (`ratioToOneFileBaseline`): the distance between the two is what splitting gives any handler.
 */

export const MAX_BUNDLE_BYTES = 1024 * 1024;
/** The run number of the rollback whose step inputs the cold starts replay (after every measured one). */
const LAST_RUN = 58;
const FUNCTIONS_SRC = path.join(REPO_ROOT, "packages/functions/src");
/** The handlers infra builds with `splitting: true` (infra/api.ts). */
const SPLIT_HANDLERS: ReadonlySet<string> = new Set(["api"]);

export interface ColdStart {
  handler: string;
  /** Every file shipped (with splitting, every chunk). */
  bytes: number;
  /** The entry and the chunks it imports statically: what the cold start loads. */
  staticBytes: number;
  /** Built with SST's nodejs.splitting. */
  splitting: boolean;
  sdkClients: string[];
  /** SDK packages the first invocation sent requests with. */
  sdkClientsCalled: string[];
  external: string[];
  initMs: number | null;
  importMs: number | null;
  /** The baseline's import alone (the rest of its init is the first call). */
  baselineImportMs?: number | null;
  baselineInitMs: number | null;
  baselineBytes: number | null;
  ratioToBaseline: number | null;
  /** A split handler's baseline also bundled in one file (SST's default), and the ratio to it. */
  oneFileBaselineInitMs?: number | null;
  ratioToOneFileBaseline?: number | null;
  runs: number;
  /** The first invocation's requests, in sequential waves. */
  firstCall: string[][];
  from: string;
  to: string;
  error?: string;
}

const FROM =
  "performance.now() in a fresh node process, after reading the input, before the dynamic import of the bundle";
const TO =
  "performance.now() after the handler's first invocation against moto returned (the same points for the baseline)";

const RunnerResult = z.object({
  importMs: z.number(),
  initMs: z.number(),
  error: z.string().optional(),
});
type RunnerResult = z.output<typeof RunnerResult>;

const PACKAGE_OF_SERVICE: Record<string, string> = {
  lambda: "@aws-sdk/client-lambda",
  dynamodb: "@aws-sdk/client-dynamodb",
  monitoring: "@aws-sdk/client-cloudwatch",
  states: "@aws-sdk/client-sfn",
  sns: "@aws-sdk/client-sns",
  cloudfront: "@aws-sdk/client-cloudfront",
};

/** Every handler infra deploys: the steps, the trigger, the reconciler and the API. */
export function handlerEntries(): Array<{ handler: string; entry: string }> {
  const steps = readdirSync(path.join(FUNCTIONS_SRC, "steps"))
    .filter((file) => file.endsWith(".ts"))
    .sort()
    .map((file) => ({
      handler: `steps/${file.slice(0, -3)}`,
      entry: path.join(FUNCTIONS_SRC, "steps", file),
    }));
  const tops = ["trigger", "reconciler", "api"]
    .filter((name) => readdirSync(FUNCTIONS_SRC).includes(`${name}.ts`))
    .map((name) => ({ handler: name, entry: path.join(FUNCTIONS_SRC, `${name}.ts`) }));
  return [...steps, ...tops];
}

function runOnce(
  dir: string,
  bundle: string,
  input: unknown,
  env: NodeJS.ProcessEnv,
  tag: string,
): Promise<RunnerResult> {
  const inputFile = path.join(dir, `${tag}-input.json`);
  const resultFile = path.join(dir, `${tag}-result.json`);
  writeFileSync(inputFile, JSON.stringify(input));
  rmSync(resultFile, { force: true });
  return new Promise((resolve, reject) => {
    // The handler's own log lines are Lambda's business; the bench reads only the result file.
    const child = spawn(
      process.execPath,
      [path.join(dir, "runner.mjs"), bundle, inputFile, resultFile],
      { env, stdio: "ignore" },
    );
    child.once("error", reject);
    child.once("exit", (code) => {
      try {
        resolve(RunnerResult.parse(JSON.parse(readFileSync(resultFile, "utf8"))));
      } catch (error) {
        reject(
          new Error(`${tag}: the cold-start runner exited with ${code} and no result`, {
            cause: error,
          }),
        );
      }
    });
  });
}

export interface ColdStartPlan {
  runs: number;
  /** Only these handlers (`--handler api`), for quick iteration; every one when absent. */
  handlers?: readonly string[];
}

export async function measureColdStart(
  world: BenchWorld,
  plan: ColdStartPlan,
  progress: (message: string) => void,
): Promise<ColdStart[]> {
  const one = world.services.find((service) => service.functions.length === 1);
  if (!one) throw new RangeError("the cold-start runs need the 1-function service");
  // One more rollback of the 1-function service, unmeasured: its steps' inputs are what the step handlers replay.
  await restoreOnce(world, one, LAST_RUN);
  const dir = mkdtempSync(path.join(tmpdir(), "ripcord-bench-"));
  writeFileSync(path.join(dir, "runner.mjs"), RUNNER_SOURCE);
  const inputs = handlerInputs(world, one);
  let run = 1000;
  const fresh = async (): Promise<NodeJS.ProcessEnv> => {
    await resetService(world, one, run++);
    return handlerEnvironment(world, one);
  };
  const results: ColdStart[] = [];
  try {
    const entries = handlerEntries().filter(
      ({ handler }) => plan.handlers === undefined || plan.handlers.includes(handler),
    );
    if (entries.length === 0) throw new RangeError(`no handler named ${plan.handlers?.join(", ")}`);
    for (const { handler, entry } of entries) {
      const tag = handler.replace("/", "-");
      const splitting = SPLIT_HANDLERS.has(handler);
      const bundle = await bundleEntry(entry, path.join(dir, `${tag}.mjs`), { splitting });
      const base = {
        handler,
        bytes: bundle.bytes,
        staticBytes: bundle.staticBytes,
        splitting,
        sdkClients: bundle.sdkClients,
        external: EXTERNAL,
        from: FROM,
        to: TO,
      };
      const input = inputs(handler);
      if (input === undefined) {
        results.push({
          ...base,
          sdkClientsCalled: [],
          initMs: null,
          importMs: null,
          baselineInitMs: null,
          baselineBytes: null,
          ratioToBaseline: null,
          runs: 0,
          firstCall: [],
          error: "no input for this handler",
        });
        continue;
      }
      // A first, unmeasured run records the requests the first invocation sends.
      const probeEnv = await fresh();
      world.proxy.calls.length = 0;
      const probe = await runOnce(dir, bundle.file, input(), probeEnv, tag);
      const calls = [...world.proxy.calls];
      const firstCall = sequentialWaves(calls).map((wave) => wave.calls);
      const called = [
        ...new Set(calls.map((call) => PACKAGE_OF_SERVICE[call.service] ?? call.service)),
      ].sort();
      if (probe.error) {
        results.push({
          ...base,
          sdkClientsCalled: called,
          initMs: null,
          importMs: null,
          baselineInitMs: null,
          baselineBytes: null,
          ratioToBaseline: null,
          runs: 0,
          firstCall,
          error: probe.error.slice(0, 500),
        });
        progress(
          `cold start ${handler}: the first invocation failed: ${probe.error.split("\n")[0]}`,
        );
        continue;
      }
      // The packages a cold start loads: the static chunks', and any the first call imported
      // lazily (a called package the bundle lacks makes baselineSource throw).
      const loaded = [
        ...new Set([
          ...bundle.staticSdkClients,
          ...called.filter((pkg) => bundle.sdkClients.includes(pkg)),
        ]),
      ];
      const source = baselineSource(loaded, replayWaves(calls, probeEnv.RIPCORD_TABLE));
      const baseline = await bundleSource(source, path.join(dir, `${tag}-baseline.mjs`), {
        splitting,
      });
      // A split handler is also measured against the same baseline in one file (SST's default
      // build), so the part of its gain that splitting gives any handler can be told apart.
      const oneFile = splitting
        ? await bundleSource(source, path.join(dir, `${tag}-baseline-one.mjs`))
        : undefined;
      const sides = [
        { file: bundle.file, input, tag, runs: [] as RunnerResult[] },
        {
          file: baseline.file,
          input: () => ({}),
          tag: `${tag}-baseline`,
          runs: [] as RunnerResult[],
        },
        ...(oneFile
          ? [
              {
                file: oneFile.file,
                input: () => ({}),
                tag: `${tag}-baseline-one`,
                runs: [] as RunnerResult[],
              },
            ]
          : []),
      ];
      for (let i = 0; i < plan.runs; i++) {
        // Rotate which goes first, so drift within a round hits every side alike.
        for (let k = 0; k < sides.length; k++) {
          const side = sides[(i + k) % sides.length];
          if (side)
            side.runs.push(await runOnce(dir, side.file, side.input(), await fresh(), side.tag));
        }
      }
      const [own = [], bare = [], one] = sides.map((side) => side.runs);
      const failed = sides.flatMap((side) => side.runs).find((result) => result.error);
      const initMs = round(median(own.map((r) => r.initMs)));
      const baselineInitMs = round(median(bare.map((r) => r.initMs)));
      const oneFileInitMs = one && round(median(one.map((r) => r.initMs)));
      results.push({
        ...base,
        sdkClientsCalled: called,
        initMs,
        importMs: round(median(own.map((r) => r.importMs))),
        baselineImportMs: round(median(bare.map((r) => r.importMs))),
        baselineInitMs,
        baselineBytes: baseline.bytes,
        ratioToBaseline: ratio(initMs, baselineInitMs),
        ...(oneFileInitMs !== undefined && {
          oneFileBaselineInitMs: oneFileInitMs,
          ratioToOneFileBaseline: ratio(initMs, oneFileInitMs),
        }),
        runs: plan.runs,
        firstCall,
        ...(failed?.error && { error: failed.error.slice(0, 500) }),
      });
      progress(
        `cold start ${handler}: ${(bundle.bytes / 1024).toFixed(0)} KiB (${(bundle.staticBytes / 1024).toFixed(0)} KiB loaded), init ${initMs} ms vs baseline ${baselineInitMs} ms${oneFileInitMs === undefined ? "" : ` (${oneFileInitMs} ms in one file)`}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
