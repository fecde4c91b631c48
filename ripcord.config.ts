/**
 * What Ripcord watches in this account. Replace the example with your own services: each one is
 * a set of Lambda functions released together (every function of a service rolls back together),
 * the alias that serves production traffic, and the CloudFront distribution in front of them.
 *
 * infra/ passes this config to every Ripcord function as RIPCORD_CONFIG. Lambda allows 4 KB of
 * environment per function, so keep it lean: defaults are stripped before deploying, and a deploy
 * that would not fit stops with a message that says so.
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
