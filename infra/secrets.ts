import { stateMachineArn } from "./context.ts";

/**
 * Secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>`. Only the
 * functions that use one receive it, as an environment variable (see notificationSecrets and
 * infra/api.ts): the handlers read plain variables, so the sandbox can set them the same way.
 */
export function createSecrets() {
  return {
    /** JSON list of { name, scope: "read" | "write", token }. Without it, the API refuses every token. */
    apiTokens: new sst.Secret("RipcordApiTokens", "[]"),
    /** Slack incoming-webhook URL, used by services with notify.slack. */
    slackWebhook: new sst.Secret("RipcordSlackWebhook", ""),
    /** Slack bot token (chat:write): with notify.slackChannel the outcome updates the first message in place. */
    slackBotToken: new sst.Secret("RipcordSlackBotToken", ""),
    /** Key that signs the JSON posted to notify.webhookUrl. */
    webhookSecret: new sst.Secret("RipcordWebhookSecret", ""),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;

/** What the functions that notify (Notify, Fail, the reconciler) read (packages/core/src/rollback/notify.ts). */
export function notificationSecrets(secrets: Secrets): Record<string, $util.Input<string>> {
  return {
    RIPCORD_SLACK_WEBHOOK_URL: secrets.slackWebhook.value,
    RIPCORD_SLACK_BOT_TOKEN: secrets.slackBotToken.value,
    // For the execution's console link in messages; built from the name, since the machine refers to these functions.
    RIPCORD_STATE_MACHINE_ARN: stateMachineArn,
    RIPCORD_WEBHOOK_SECRET: secrets.webhookSecret.value,
  };
}
