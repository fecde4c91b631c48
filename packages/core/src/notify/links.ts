import { STEP_FUNCTIONS_NAME } from "../aws/step-functions-name.ts";

/** Where a person goes next from a message: the execution in the AWS console and Ripcord's status page. */
export interface Links {
  execution?: string;
  statusPage?: string;
}

const STATE_MACHINE_ARN = new RegExp(
  `^arn:(aws|aws-cn|aws-us-gov):states:([a-z0-9-]+):([0-9]{12}):stateMachine:(${STEP_FUNCTIONS_NAME})$`,
);

const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  "aws-cn": () => "console.amazonaws.cn",
  "aws-us-gov": () => "console.amazonaws-us-gov.com",
};

/** The Step Functions console page of one execution; undefined when the ARN is not a state machine's. */
export function executionConsoleUrl(
  stateMachineArn: string,
  executionName: string,
): string | undefined {
  const match = STATE_MACHINE_ARN.exec(stateMachineArn);
  const host = match && CONSOLE_HOSTS[match[1] ?? ""];
  if (!match || !host) return undefined;
  const [, partition, region = "", account, machine] = match;
  const executionArn = `arn:${partition}:states:${region}:${account}:execution:${machine}:${executionName}`;
  return `https://${host(region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/**
 * The status page of one rollback under RIPCORD_STATUS_URL. Credentials in the base URL are
 * dropped: a message is read by everyone in the channel.
 */
export function statusPageUrl(base: string, rollbackId: string): string | undefined {
  if (!URL.canParse(base)) return undefined;
  const url = new URL(base);
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/rollbacks/${encodeURIComponent(rollbackId)}`;
  return url.toString();
}

/** Links from the environment infra (or the sandbox) sets: RIPCORD_STATE_MACHINE_ARN, RIPCORD_STATUS_URL. */
export function linksFor(rollbackId: string, env: NodeJS.ProcessEnv = process.env): Links {
  const execution = env.RIPCORD_STATE_MACHINE_ARN
    ? executionConsoleUrl(env.RIPCORD_STATE_MACHINE_ARN, rollbackId)
    : undefined;
  const statusPage = env.RIPCORD_STATUS_URL
    ? statusPageUrl(env.RIPCORD_STATUS_URL, rollbackId)
    : undefined;
  return { ...(execution && { execution }), ...(statusPage && { statusPage }) };
}
