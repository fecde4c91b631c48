/** Resolves the ARNs infra/permissions.ts needs into one PolicyContext. */
import type { PolicyContext } from "./permissions.ts";
import { alarmPrefix, awsContext, stateMachineArn } from "./context.ts";
import type { StageConfig } from "./config.ts";
import type { Storage } from "./storage.ts";
import type { Notify } from "./notify.ts";

export interface PolicyInputs {
  config: StageConfig;
  storage: Storage;
  notify: Notify;
  deadLetterQueueArn: $util.Input<string>;
  warmFunctionArns?: $util.Input<string>[];
}

export function policyContext(inputs: PolicyInputs): $util.Output<PolicyContext> {
  return $resolve({
    aws: awsContext,
    tableArn: inputs.storage.table.arn,
    topicArn: inputs.notify.topic.arn,
    stateMachineArn,
    distributionIds: inputs.config.distributionIds,
    deadLetterQueueArn: $output(inputs.deadLetterQueueArn),
    warmFunctionArns: $output(inputs.warmFunctionArns ?? []),
  }).apply((resolved) => ({
    ...resolved.aws,
    // The watched functions carry ripcord:stage=<this stage> (the demo's included).
    stage: $app.stage,
    table: { arn: resolved.tableArn, indexNames: inputs.storage.indexNames },
    topicArn: resolved.topicArn,
    stateMachineArn: resolved.stateMachineArn,
    distributionIds: resolved.distributionIds,
    alarmPrefix,
    warmFunctionArns: resolved.warmFunctionArns,
    deadLetterQueueArn: resolved.deadLetterQueueArn,
  }));
}
