// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- SST's own convention for its generated globals
/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Ripcord: rolls a bad Lambda release back to its last known-good version. What it watches is in
 * ripcord.config.ts; each concern of the deployment is one file under infra/.
 */
export default $config({
  app(input) {
    return {
      name: "ripcord",
      home: "aws",
      // Production keeps its table (the rollback history) and topic even if the app is removed.
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    // Fixed order. The watched functions are found by their tags first (infra/discovery.ts), before
    // any resource is declared. The demo (non-production only) comes next: it is the service
    // Ripcord watches there, and the config the functions receive names its CloudFront distribution.
    const { isProduction } = await import("./infra/context.ts");
    const discovered = await (await import("./infra/config.ts")).discoveredConfig();
    const demo = isProduction ? undefined : (await import("./infra/demo.ts")).createDemo();
    const config = (await import("./infra/config.ts")).stageConfig(discovered, demo);
    const alarmSpecs = (await import("./infra/alarms.ts")).ripcordAlarmSpecs(config.watched);

    const storage = (await import("./infra/storage.ts")).createStorage();
    const secrets = (await import("./infra/secrets.ts")).createSecrets();
    const notify = (await import("./infra/notify.ts")).createNotify();
    const workflow = (await import("./infra/workflow.ts")).createWorkflow({
      config,
      storage,
      secrets,
      notify,
    });
    (await import("./infra/alarms.ts")).createAlarms(alarmSpecs);
    const { api } = (await import("./infra/api.ts")).createApi({
      config,
      storage,
      secrets,
      notify,
      workflow,
    });
    const { reconciler } = (await import("./infra/reconciler.ts")).createReconciler({
      config,
      storage,
      secrets,
      notify,
      workflow,
    });
    (await import("./infra/monitoring.ts")).createMonitoring({ notify, workflow, reconciler });

    return {
      api: api.url,
      stateMachine: workflow.stateMachine.arn,
      table: storage.table.name,
      topic: notify.topic.arn,
      ...(demo ? { demo: demo.url } : {}),
    };
  },
});
