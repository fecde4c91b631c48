/**
 * The look-ups behind discovery by tag (core/config/discovery.ts), through the Pulumi AWS provider
 * SST deploys with. Invokes, not resources: they run while the program is evaluated, so
 * sst.config.ts awaits them before it declares anything, and the alarms, grants and the config
 * the functions read are planned from names, not from Outputs.
 *
 * Written against the provider's shape rather than SST's global `aws`, so the tests can hand it the
 * platform's @pulumi/aws under Pulumi's mocks (tests/infra/discovery.test.ts).
 */
import {
  functionNameOfArn,
  resolveFunctions,
  type FunctionLookup,
  type RipcordConfig,
} from "@ripcord/core/config";

/** What is used of `@pulumi/aws` (.sst/platform/node_modules/@pulumi/aws). */
export interface TaggingProvider {
  resourcegroupstaggingapi: {
    /**
     * resourcegroupstaggingapi/getResources.d.ts: `resourceTypeFilters` "service:resourceType";
     * `tagFilters` match resources that carry each key with one of its values. The provider reads
     * every page (the Terraform data source follows PaginationToken).
     */
    getResources(args: {
      resourceTypeFilters: string[];
      tagFilters: { key: string; values: string[] }[];
    }): Promise<{ resourceTagMappingLists: { resourceArn: string }[] }>;
  };
  lambda: {
    /** lambda/getFunction.d.ts: "tags: Map of tags assigned to the Lambda Function". */
    getFunction(args: { functionName: string }): Promise<{ tags: Record<string, string> }>;
  };
}

export function providerLookup(provider: TaggingProvider): FunctionLookup {
  return {
    async tagged(tags) {
      const found = await provider.resourcegroupstaggingapi.getResources({
        resourceTypeFilters: ["lambda:function"],
        tagFilters: Object.entries(tags).map(([key, value]) => ({ key, values: [value] })),
      });
      return found.resourceTagMappingLists.map((mapping) => functionNameOfArn(mapping.resourceArn));
    },
    async tagsOf(functionName) {
      return (await provider.lambda.getFunction({ functionName })).tags;
    },
  };
}

/** ripcord.config.ts with every service's functions named, for the Ripcord stage `stage`. */
export function discoverFunctions(
  config: RipcordConfig,
  stage: string,
  provider: TaggingProvider,
): Promise<RipcordConfig> {
  return resolveFunctions(config, stage, providerLookup(provider));
}
