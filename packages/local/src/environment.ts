import type { RipcordConfig } from "@ripcord/core/config";
import { useRoleIdentities } from "./identity.ts";
import { LOCAL_REGION } from "./stepfunctions/index.ts";

/** Names of what the sandbox deploys, as infra would name them for a stage called "local". */
export const NAMES = {
  stage: "local",
  table: "ripcord-local",
  topic: "ripcord-local-notifications",
  stateMachine: "ripcord-local-rollback",
  functionPrefix: "ripcord-local",
  alarmPrefix: "ripcord-local",
  functionsRole: "ripcord-local-functions",
  serviceRole: "ripcord-local-service",
} as const;

/**
 * The tags a guarded app's function carries (its `ripcordTags(service)`), valued for the local
 * stage: Ripcord's Lambda grants reach only functions tagged with its stage.
 */
export function watchedTags(service: string): Record<string, string> {
  return { "ripcord:stage": NAMES.stage, "ripcord:service": service };
}

/** moto computes no percentiles: alarms and verification read Maximum locally (docs/design.md). */
export const LOCAL_LATENCY_STATISTIC = "Maximum";

/**
 * Points every SDK client in this process at the local endpoints. The handlers run in-process, so
 * process.env is their Lambda environment; clients are rebuilt so none keeps an older endpoint.
 * The credentials are moto's dummies: a real key in the shell must never reach a local endpoint run.
 * Each handler signs with a key named after its role (identity.ts); with RIPCORD_AWS_CALL_LOG set
 * (the tests set it), every call is also recorded there for the IAM check.
 */
export function useLocalAws(endpoint: string, stepFunctionsEndpoint: string): void {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_SFN: stepFunctionsEndpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: "ripcord-local",
    AWS_SECRET_ACCESS_KEY: "ripcord-local",
    // The pinned SDK warns once per process that its later releases need Node 22: known and planned for
    // (docs/design.md, "Chosen dependencies"), and noise in the middle of the timeline.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // Also drops every client built before, so none keeps an older endpoint.
  useRoleIdentities(process.env.RIPCORD_AWS_CALL_LOG || undefined);
}

export interface RipcordEnvironment {
  config: RipcordConfig;
  topicArn: string;
  stateMachineArn: string;
}

/** What infra hands every Ripcord function beside the endpoint: config, table, topic, state machine, alarm naming. */
export function useRipcordEnvironment(settings: RipcordEnvironment): void {
  Object.assign(process.env, {
    RIPCORD_CONFIG: JSON.stringify(settings.config),
    RIPCORD_TABLE: NAMES.table,
    RIPCORD_TOPIC_ARN: settings.topicArn,
    RIPCORD_STATE_MACHINE_ARN: settings.stateMachineArn,
    RIPCORD_ALARM_PREFIX: NAMES.alarmPrefix,
    RIPCORD_LATENCY_STATISTIC: LOCAL_LATENCY_STATISTIC,
  });
}
