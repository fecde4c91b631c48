/**
 * What Ripcord watches in this account. Replace the example with your own services: each one is
 * a set of Lambda functions released together (every function of a service rolls back together),
 * the alias that serves production traffic, and the CloudFront distribution in front of them.
 *
 * infra/ bundles this config into every Ripcord function's code (not its 4 KB environment), so
 * a stage can watch hundreds of functions. Each watched function carries the tags
 * ripcord:stage=<this Ripcord app's stage> and ripcord:service=<service>: Ripcord's IAM grants
 * reach only functions tagged with its stage. Leave `functions` out and the deploy finds a
 * service's functions by those tags (SST's generated names need not be copied here); named
 * functions are checked for them. `watchOnly: true` marks a service without an alias (an
 * sst.aws.Nextjs server): alarms and notifications only, never a rollback.
 */
import { defineConfig } from "@ripcord/core/config";

export default defineConfig({
  services: {
    api: {
      // Where "failing" is read from: "lambda" (Lambda's own errors: failures that throw), "url"
      // (the function URL's 5xx responses) or "emf" (what @ripcord/instrument writes).
      signal: "lambda",
      functions: [
        { name: "acme-api", alias: "production" },
        { name: "acme-api-worker", alias: "production" },
      ],
      cloudfront: { distributionId: "E2ACMEAPI00001", paths: ["/api/*"] },
      alarms: {
        errorRatePercent: 5,
        latencyMs: 1500,
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      },
      policy: {
        stabilityWindowMinutes: 60,
        cooldownMinutes: 30,
        maxRollbacksPerDay: 3,
        onInconclusive: "hold",
      },
      notify: { sns: true, slack: true },
    },
  },
  api: { auth: "token" },
});
