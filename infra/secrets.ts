/**
 * Secrets, set per stage with `npx sst secret set <Name> <value> --stage <stage>`. Linked only to
 * the functions that read them; handlers read them with `Resource.<Name>.value` from "sst".
 */
export function createSecrets() {
  return {
    /** JSON list of { name, scope: "read" | "write", token }. Without it, the API refuses every token. */
    apiTokens: new sst.Secret("RipcordApiTokens", "[]"),
    /** Slack incoming-webhook URL, used by services with notify.slack. */
    slackWebhook: new sst.Secret("RipcordSlackWebhook", ""),
    /** Key that signs the JSON posted to notify.webhookUrl. */
    webhookSecret: new sst.Secret("RipcordWebhookSecret", ""),
  };
}

export type Secrets = ReturnType<typeof createSecrets>;
