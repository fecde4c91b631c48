import { LambdaClient } from "@aws-sdk/client-lambda";
import { clientConfig, lazyClient } from "./clients.ts";

/** The Lambda client of a process for invocations (and the sandbox's own provisioning). */
export const lambda = /* @__PURE__ */ lazyClient(() => new LambdaClient(clientConfig()));

/**
 * The client of the calls Lambda's API quota governs (lambda.ts), which lambda-pacing.ts paces and
 * retries itself: one attempt per send, so that no SDK retry spends a token the pacing never took.
 */
export const pacedLambda = /* @__PURE__ */ lazyClient(
  () => new LambdaClient({ ...clientConfig(), maxAttempts: 1 }),
);
