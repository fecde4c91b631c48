import { randomBytes } from "node:crypto";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";
import { Sfn } from "@ripcord/core/aws";
import type { AliasRouting } from "./alias-reads.ts";
import { tokensFromEnv, type ApiTokenEntry } from "./auth.ts";

/**
 * What the API reads from its surroundings. Every default reads the environment when called, never
 * at import, so a cold start pays only for what a request uses and tests or the sandbox can swap any part.
 */
export interface ApiDeps {
  config: () => Config.RipcordConfig;
  /** Bearer tokens (config `api.auth: "token"`). */
  tokens: () => readonly ApiTokenEntry[];
  stateMachineArn: () => string;
  /** Prefix of Ripcord's alarm names (ripcord-<stage>). */
  alarmPrefix: () => string;
  /** The request time: "now" of a manual run (the API edge is the one place that reads the clock). */
  now: () => Date;
  /** Random hex that makes a manual execution name unique. */
  nonce: () => string;
  startExecution: typeof Sfn.startExecution;
  describeExecution: typeof Sfn.describeExecution;
  stopExecution: typeof Sfn.stopExecution;
  /** Alias routing for the views (alias-reads.ts); createApp gives each app its own cache. */
  aliasRouting: AliasRouting;
}

function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigError(`${name} is not set: infra sets it to ${what}`);
  return value;
}

export const defaultDeps: Omit<ApiDeps, "aliasRouting"> = {
  config: () => Config.fromEnv(),
  tokens: () => tokensFromEnv(),
  stateMachineArn: () =>
    requiredEnv("RIPCORD_STATE_MACHINE_ARN", "the rollback state machine's ARN"),
  alarmPrefix: () => requiredEnv("RIPCORD_ALARM_PREFIX", "ripcord-<stage>"),
  now: () => new Date(),
  nonce: () => randomBytes(4).toString("hex"),
  startExecution: (...args) => Sfn.startExecution(...args),
  describeExecution: (...args) => Sfn.describeExecution(...args),
  stopExecution: (...args) => Sfn.stopExecution(...args),
};
