// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- SST's own convention for its generated globals
/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Acme's API: a Hono app on Lambda behind an `sst.aws.Router`, guarded by Ripcord. One file per
 * concern under infra/, imported inside run() as SST requires.
 */
export default $config({
  app(input) {
    return {
      name: "acme",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    const { router } = await import("./infra/router.ts");
    const { api, guarded } = await import("./infra/api.ts");
    return {
      // Where clients reach the API: the Router, which routes to the alias Ripcord moves.
      url: guarded.url,
      // What CI registers with Ripcord after a deploy (POST /releases).
      apiFunction: guarded.functionName,
      apiAlias: guarded.alias,
      apiVersion: api.nodes.function.version,
      // For Ripcord's config: the distribution whose cache a rollback invalidates.
      distributionId: router.distributionID,
    };
  },
});
