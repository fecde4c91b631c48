import { LambdaClient } from "@aws-sdk/client-lambda";
import { clientConfig, lazyClient } from "./clients.ts";

/** The one Lambda client of a process (aliases, versions, invocations). */
export const lambda = /* @__PURE__ */ lazyClient(() => new LambdaClient(clientConfig()));
