/**
 * Non-production stages only: the demo Hono app (examples/sst-hono-api, the app the sandbox plays
 * too) on a versioned function, guarded the way a user's SST app is: guard() from packages/sst puts
 * the "production" alias on the published version, the function URL on the alias, its invoke
 * permissions and the Router route to it. Declared to Ripcord as the "demo" service, so a stage can
 * show a full rollback (alarm, verdict, shift, invalidation, notification) without touching a real
 * service. guard() takes SST's own `$util` and `aws` when it runs, so importing it here keeps
 * `sst install` working on a fresh checkout (packages/sst/src/providers.ts).
 */
import { guard, ripcordTags } from "../packages/sst/src/index.ts";
import { DEMO_ALIAS, DEMO_SERVICE } from "./stage-config.ts";

export function createDemo() {
  const functionName = `ripcord-${$app.stage}-demo`;

  // OAC: the alias URL is reachable only through the Router's distribution, which signs its
  // requests; guard() then grants the invoke permissions to that distribution alone. The
  // distribution is also what a rollback's Invalidate step has to clear.
  const router = new sst.aws.Router("DemoRouter", { protection: "oac" });

  const fn = new sst.aws.Function("DemoFunction", {
    name: functionName,
    runtime: "nodejs22.x",
    architecture: "arm64",
    handler: "examples/sst-hono-api/src/handler.handler",
    memory: "128 MB",
    timeout: "10 seconds",
    nodejs: { format: "esm", minify: true },
    // Every deploy with a changed environment or code publishes a version the alias then serves.
    versioning: true,
    // Ripcord's Lambda grants reach only functions tagged with its stage (infra/permissions.ts):
    // this Ripcord app's own stage, not the default "production".
    tags: ripcordTags(DEMO_SERVICE, { ripcordStage: $app.stage }),
    environment: {
      // 3 is the bad release (about 9% of order lookups answer 500); a version keeps the
      // environment it was published with, so a rollback brings the old value back too.
      DEMO_RELEASE: process.env.RIPCORD_DEMO_RELEASE ?? "1",
    },
  });

  const guarded = guard(fn, {
    service: DEMO_SERVICE,
    alias: DEMO_ALIAS,
    router: { instance: router },
    name: "RipcordDemo",
  });

  return {
    functionName,
    distributionId: router.distributionID,
    url: guarded.url,
  };
}

export type Demo = ReturnType<typeof createDemo>;
