import { tableDefinition } from "@ripcord/core/aws/table";
import type { PolicyContext } from "../../infra/permissions.ts";

/** A stage's resources as infra resolves them (infra/policy.ts), for the IAM tests. */
export function policyContext(
  overrides: Partial<PolicyContext> = {},
  at: { region: string; account: string; stage: string } = {
    region: "eu-west-1",
    account: "123456789012",
    stage: "test",
  },
): PolicyContext {
  const { region, account, stage } = at;
  const table = `ripcord-${stage}`;
  const functionArn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;
  return {
    partition: "aws",
    region,
    account,
    stage,
    table: {
      arn: `arn:aws:dynamodb:${region}:${account}:table/${table}`,
      indexNames: tableDefinition(table).create.GlobalSecondaryIndexes.flatMap((index) =>
        index.IndexName ? [index.IndexName] : [],
      ),
    },
    topicArn: `arn:aws:sns:${region}:${account}:ripcord-${stage}-topic`,
    stateMachineArn: `arn:aws:states:${region}:${account}:stateMachine:ripcord-${stage}-rollback`,
    distributionIds: ["E1DEMO0000TEST", "E2ACMEAPI00001"],
    alarmPrefix: `ripcord-${stage}`,
    warmFunctionArns: ["resolve", "lock", "verify", "shift"].map((step) =>
      functionArn(`ripcord-${stage}-Step${step}`),
    ),
    deadLetterQueueArn: `arn:aws:sqs:${region}:${account}:ripcord-${stage}-dead-letters`,
    ...overrides,
  };
}
