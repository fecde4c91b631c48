/**
 * The config this stage deploys (its functions found by tag where ripcord.config.ts names none).
 * Two views of it:
 * - `watched`: known while planning (function names, aliases, thresholds), so it can decide how
 *   many alarms to create;
 * - `deployed`: the full config, including the demo's CloudFront distribution id, which exists
 *   only once the distribution does. This is what the functions read, bundled into their code.
 */
import type { RipcordConfig } from "@ripcord/core/config";
import ripcordConfig from "../ripcord.config.ts";
import { discoverFunctions } from "./discovery.ts";
import { bundledConfigJson, distributionIds, withDemo } from "./stage-config.ts";
import type { Demo } from "./demo.ts";

/**
 * ripcord.config.ts with the functions it leaves out found by their tags (ripcord:service and
 * ripcord:stage=<this stage>), and the named ones checked for the same tags: awaited before any
 * resource is declared, so a deploy that cannot watch what the config says fails before it starts.
 */
export function discoveredConfig(): Promise<RipcordConfig> {
  return discoverFunctions(ripcordConfig, $app.stage, aws);
}

export function stageConfig(discovered: RipcordConfig, demo: Demo | undefined) {
  const watched = demo ? withDemo(discovered, { functionName: demo.functionName }) : discovered;
  const deployed = demo
    ? demo.distributionId.apply((distributionId) =>
        withDemo(discovered, { functionName: demo.functionName, distributionId }),
      )
    : $output(discovered);
  return {
    watched,
    deployed,
    /** The config the functions read (JSON without defaults), bundled into their code. */
    json: deployed.apply(bundledConfigJson),
    distributionIds: deployed.apply(distributionIds),
  };
}

export type StageConfig = ReturnType<typeof stageConfig>;
