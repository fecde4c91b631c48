/**
 * The config this stage deploys. Two views of it:
 * - `watched`: known while planning (function names, aliases, thresholds), so it can decide how
 *   many alarms to create and which aliases IAM allows Shift to move;
 * - `deployed`: the full config, including the demo's CloudFront distribution id, which exists
 *   only once the distribution does. This is what the functions read in RIPCORD_CONFIG.
 */
import ripcordConfig from "../ripcord.config.ts";
import { configEnvValue, distributionIds, withDemo } from "./stage-config.ts";
import type { Demo } from "./demo.ts";

export function stageConfig(demo: Demo | undefined) {
  const watched = demo
    ? withDemo(ripcordConfig, { functionName: demo.functionName })
    : ripcordConfig;
  const deployed = demo
    ? demo.distributionId.apply((distributionId) =>
        withDemo(ripcordConfig, { functionName: demo.functionName, distributionId }),
      )
    : $output(ripcordConfig);
  return {
    watched,
    deployed,
    /** RIPCORD_CONFIG, without defaults; fails the deploy if it would not fit Lambda's 4 KB environment. */
    json: deployed.apply(configEnvValue),
    distributionIds: deployed.apply(distributionIds),
  };
}

export type StageConfig = ReturnType<typeof stageConfig>;
