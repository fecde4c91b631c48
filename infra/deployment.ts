import type { StageConfig } from "./config.ts";
import type { Notify } from "./notify.ts";
import type { Secrets } from "./secrets.ts";
import type { Storage } from "./storage.ts";
import type { Workflow } from "./workflow.ts";

/** What the functions outside the state machine (API, reconciler) are built from. */
export interface Deployment {
  config: StageConfig;
  storage: Storage;
  secrets: Secrets;
  notify: Notify;
  workflow: Workflow;
}
