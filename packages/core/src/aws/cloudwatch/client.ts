import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { clientConfig, lazyClient } from "../clients.ts";

/** Request compression off: moto rejects gzip-compressed bodies, and these payloads are small anyway. */
export const cloudWatch = /* @__PURE__ */ lazyClient(
  () => new CloudWatchClient({ ...clientConfig(), disableRequestCompression: true }),
);
