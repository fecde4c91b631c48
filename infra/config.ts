/**
 * The config this stage deploys. Two views of it:
 * - `watched`: known while planning (function names, aliases, thresholds), so it can decide how
 *   many alarms to create;
 * - `deployed`: the full config, including the demo's CloudFront distribution id, which exists
 *   only once the distribution does. This is what the functions read, bundled into their code.
 */
import ripcordConfig from "../ripcord.config.ts";
import { bundledConfigJson, distributionIds, withDemo } from "./stage-config.ts";
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
    /** The config the functions read (JSON without defaults), bundled into their code. */
    json: deployed.apply(bundledConfigJson),
    distributionIds: deployed.apply(distributionIds),
  };
}

export type StageConfig = ReturnType<typeof stageConfig>;
