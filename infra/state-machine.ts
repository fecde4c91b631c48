/**
 * The rollback state machine: the ASL built by core (JSONPath), deployed as-is, so the JSON that
 * runs in AWS is the JSON the tests run locally. Its role may invoke its own steps and nothing else.
 */
import { definition, type StepArns } from "@ripcord/core/workflow";
import {
  policyDocument,
  stateMachineLoggingStatements,
  stateMachineStatements,
} from "./permissions.ts";
import { awsContext, stateMachineName } from "./context.ts";

export function createStateMachine(arns: $util.Output<StepArns>) {
  const role = new aws.iam.Role("RollbackRole", {
    assumeRolePolicy: awsContext.apply(({ account }) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "states.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Only Step Functions acting for this account may assume the role (confused deputy).
            Condition: { StringEquals: { "aws:SourceAccount": account } },
          },
        ],
      }),
    ),
  });

  const rolePolicy = new aws.iam.RolePolicy("RollbackRolePolicy", {
    role: role.id,
    policy: arns.apply((resolved) =>
      policyDocument([
        ...stateMachineStatements(Object.values(resolved)),
        ...stateMachineLoggingStatements(),
      ]),
    ),
  });

  // The "/aws/vendedlogs/" prefix keeps CloudWatch Logs' resource policy small as stages multiply.
  const logGroup = new aws.cloudwatch.LogGroup("RollbackLogs", {
    name: `/aws/vendedlogs/states/${stateMachineName}`,
    retentionInDays: 90,
  });

  const stateMachine = new aws.sfn.StateMachine(
    "Rollback",
    {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: role.arn,
      definition: arns.apply((resolved) => JSON.stringify(definition(resolved))),
      loggingConfiguration: {
        level: "ALL",
        includeExecutionData: true,
        logDestination: $interpolate`${logGroup.arn}:*`,
      },
    },
    // Step Functions checks the role's log permissions when the state machine is created.
    { dependsOn: [rolePolicy] },
  );

  return { stateMachine, role, logGroup };
}
