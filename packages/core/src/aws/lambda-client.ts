import { LambdaClient } from "@aws-sdk/client-lambda";
import { clientConfig, lazyClient } from "./clients.ts";
import { CONTROL_PLANE_PER_SECOND, GET_FUNCTION_PER_SECOND } from "./lambda-pacing.ts";

/** The Lambda client of a process for invocations (and the sandbox's own provisioning). */
export const lambda = /* @__PURE__ */ lazyClient(() => new LambdaClient(clientConfig()));

/**
 * Sockets of the paced client: as many as the pacing lets calls out in two seconds (15 + 100 per
 * second), so a call it let out waits for no socket. The SDK's default of 50 queued them in the
 * HTTP agent whenever round trips ran long (Shift's GetFunction calls took every socket), and
 * the queue let them out together: Lambda counts arrivals, and throttled them.
 */
const PACED_SOCKETS = 2 * (CONTROL_PLANE_PER_SECOND + GET_FUNCTION_PER_SECOND);

/**
 * The client of the calls Lambda's API quota governs (lambda.ts), which lambda-pacing.ts paces and
 * retries itself: one attempt per send, so that no SDK retry spends a token the pacing never took.
 */
export const pacedLambda = /* @__PURE__ */ lazyClient(
  () =>
    new LambdaClient({
      ...clientConfig(),
      maxAttempts: 1,
      requestHandler: {
        httpAgent: { maxSockets: PACED_SOCKETS },
        httpsAgent: { maxSockets: PACED_SOCKETS },
      },
    }),
);
