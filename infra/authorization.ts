/**
 * What AWS authorises each call Ripcord makes on: for every API operation the code calls, the IAM
 * action(s) and the resource ARN(s) IAM evaluates, read from the request. Each row cites the API's
 * reference (the parameters) and the Service Authorization Reference (the action and its resource
 * types). The IAM check (tests/iam) evaluates the recorded calls through this table; a call with
 * no row fails that check, so the table grows with the code. Pure: no SST, no SDK.
 */
import * as z from "zod";
import { RipcordError } from "@ripcord/core/errors";

/** Where a call was made: what a name-only request parameter is qualified with. */
export interface CallContext {
  partition: string;
  region: string;
  account: string;
}

/** One authorisation AWS makes for a call: the action, on one resource. */
export interface AuthorizedRequest {
  action: string;
  /** The ARN IAM matches the policy's Resource against ("*" for an action without resource types). */
  resource: string;
  /**
   * The SAR resource types whose ARN template this resource follows, where this table, not the
   * SAR's action row, is authoritative (a qualified Lambda ARN: `function version`, `function alias`).
   */
  resourceTypes?: readonly string[];
}

export interface OperationRow {
  /** The API reference page for the request parameters. */
  reference: string;
  authorize(input: unknown, at: CallContext): AuthorizedRequest[];
}

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference";
const LAMBDA_API = "https://docs.aws.amazon.com/lambda/latest/api";
const DYNAMODB_API = "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference";

const FunctionRequest = z.looseObject({
  FunctionName: z.string().min(1),
  Qualifier: z.string().min(1).optional(),
});

/**
 * A function named by name, by full ARN, or by either with a `:qualifier`; the ARN of the function
 * and the qualifier (from the name or from the Qualifier parameter).
 */
function lambdaFunction(
  input: unknown,
  at: CallContext,
): { functionArn: string; qualifier?: string } {
  const { FunctionName, Qualifier } = FunctionRequest.parse(input);
  const arn = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(
    FunctionName,
  );
  const named = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(FunctionName);
  const [partition, region, account, name, inlineQualifier] = arn
    ? [arn[1], arn[2], arn[3], arn[4], arn[5]]
    : [at.partition, at.region, at.account, named?.[1], named?.[2]];
  if (!name) throw new RipcordError(`not a Lambda function name or ARN: "${FunctionName}"`);
  const qualifier = Qualifier ?? inlineQualifier;
  return {
    functionArn: `arn:${partition}:lambda:${region}:${account}:function:${name}`,
    ...(qualifier && { qualifier }),
  };
}

/** Authorised on the function ARN whatever the request names (alias operations included). */
function onFunction(action: string): OperationRow["authorize"] {
  return (input, at) => [{ action, resource: lambdaFunction(input, at).functionArn }];
}

/** Authorised on the qualified ARN when the request has a qualifier, else on the function ARN. */
function onQualifiedFunction(action: string): OperationRow["authorize"] {
  return (input, at) => {
    const { functionArn, qualifier } = lambdaFunction(input, at);
    if (!qualifier) return [{ action, resource: functionArn }];
    return [
      {
        action,
        resource: `${functionArn}:${qualifier}`,
        resourceTypes: ["function version", "function alias"],
      },
    ];
  };
}

const TableRequest = z.looseObject({
  TableName: z.string().min(1),
  IndexName: z.string().optional(),
});

function tableArn(table: string, at: CallContext): string {
  return `arn:${at.partition}:dynamodb:${at.region}:${at.account}:table/${table}`;
}

function onTable(action: string): OperationRow["authorize"] {
  return (input, at) => [{ action, resource: tableArn(TableRequest.parse(input).TableName, at) }];
}

/** TransactGetItems/TransactWriteItems are authorised item by item, as the item's own action. */
const TRANSACT_ACTIONS: Record<string, string> = {
  Get: "dynamodb:GetItem",
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};
const TransactRequest = z.looseObject({
  TransactItems: z.array(z.record(z.string(), z.looseObject({ TableName: z.string().min(1) }))),
});

function transact(input: unknown, at: CallContext): AuthorizedRequest[] {
  return TransactRequest.parse(input).TransactItems.flatMap((item) =>
    Object.entries(item).map(([kind, { TableName }]) => {
      const action = TRANSACT_ACTIONS[kind];
      if (!action) throw new RipcordError(`unknown transaction item kind "${kind}"`);
      return { action, resource: tableArn(TableName, at) };
    }),
  );
}

const ExecutionRequest = z.looseObject({ executionArn: z.string().startsWith("arn:") });
const StateMachineRequest = z.looseObject({ stateMachineArn: z.string().startsWith("arn:") });
const DistributionRequest = z.looseObject({ DistributionId: z.string().min(1) });

function distributionArn(input: unknown, at: CallContext): string {
  const { DistributionId } = DistributionRequest.parse(input);
  // CloudFront is global: its ARNs have no region.
  return `arn:${at.partition}:cloudfront::${at.account}:distribution/${DistributionId}`;
}

const AlarmsRequest = z.looseObject({
  AlarmNames: z.array(z.string()).optional(),
  AlarmTypes: z.array(z.string()).optional(),
});

/**
 * Keyed `<signing name>:<operation>` as the recorder writes them (CloudWatch signs as
 * "monitoring", Step Functions as "states").
 */
export const OPERATIONS: Readonly<Record<string, OperationRow>> = {
  // SAR: GetAlias and UpdateAlias have the resource type `function*` only: the function ARN,
  // whichever alias the request names.
  "lambda:GetAlias": {
    reference: `${LAMBDA_API}/API_GetAlias.html; ${SAR}/list_awslambda.html`,
    authorize: onFunction("lambda:GetAlias"),
  },
  "lambda:UpdateAlias": {
    reference: `${LAMBDA_API}/API_UpdateAlias.html; ${SAR}/list_awslambda.html`,
    authorize: onFunction("lambda:UpdateAlias"),
  },
  // A Qualifier (a version, here) makes it the qualified ARN, `function version` in the SAR.
  "lambda:GetFunctionConfiguration": {
    reference: `${LAMBDA_API}/API_GetFunctionConfiguration.html; ${SAR}/list_awslambda.html`,
    authorize: onQualifiedFunction("lambda:GetFunctionConfiguration"),
  },
  // With a Qualifier (a version, here) on the qualified ARN, as GetFunctionConfiguration.
  "lambda:GetFunction": {
    reference: `${LAMBDA_API}/API_GetFunction.html; ${SAR}/list_awslambda.html`,
    authorize: onQualifiedFunction("lambda:GetFunction"),
  },
  "lambda:ListVersionsByFunction": {
    reference: `${LAMBDA_API}/API_ListVersionsByFunction.html; ${SAR}/list_awslambda.html`,
    authorize: onFunction("lambda:ListVersionsByFunction"),
  },
  // The reconciler invokes the steps by their unqualified ARNs.
  "lambda:Invoke": {
    reference: `${LAMBDA_API}/API_Invoke.html; ${SAR}/list_awslambda.html`,
    authorize: onQualifiedFunction("lambda:InvokeFunction"),
  },
  "dynamodb:GetItem": {
    reference: `${DYNAMODB_API}/API_GetItem.html; ${SAR}/list_amazondynamodb.html`,
    authorize: onTable("dynamodb:GetItem"),
  },
  "dynamodb:PutItem": {
    reference: `${DYNAMODB_API}/API_PutItem.html; ${SAR}/list_amazondynamodb.html`,
    authorize: onTable("dynamodb:PutItem"),
  },
  "dynamodb:UpdateItem": {
    reference: `${DYNAMODB_API}/API_UpdateItem.html; ${SAR}/list_amazondynamodb.html`,
    authorize: onTable("dynamodb:UpdateItem"),
  },
  "dynamodb:DeleteItem": {
    reference: `${DYNAMODB_API}/API_DeleteItem.html; ${SAR}/list_amazondynamodb.html`,
    authorize: onTable("dynamodb:DeleteItem"),
  },
  // A query of a secondary index is authorised on the index's ARN (SAR: `index` resource type).
  "dynamodb:Query": {
    reference: `${DYNAMODB_API}/API_Query.html; ${SAR}/list_amazondynamodb.html`,
    authorize: (input, at) => {
      const { TableName, IndexName } = TableRequest.parse(input);
      const table = tableArn(TableName, at);
      return [
        { action: "dynamodb:Query", resource: IndexName ? `${table}/index/${IndexName}` : table },
      ];
    },
  },
  // No IAM action of its own: each item needs its own action on its table (DynamoDB developer
  // guide, "Using IAM with DynamoDB transactions").
  "dynamodb:TransactGetItems": {
    reference: `${DYNAMODB_API}/API_TransactGetItems.html; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html`,
    authorize: transact,
  },
  "dynamodb:TransactWriteItems": {
    reference: `${DYNAMODB_API}/API_TransactWriteItems.html; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html`,
    authorize: transact,
  },
  // GetMetricData's only SAR resource type (`dataset`, optional) is for OTLP datasets; classic
  // metric queries name no resource, so IAM evaluates "*".
  "monitoring:GetMetricData": {
    reference: `https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html; ${SAR}/list_amazoncloudwatch.html`,
    authorize: () => [{ action: "cloudwatch:GetMetricData", resource: "*" }],
  },
  // Metric alarms by name: each named alarm's ARN. Composite alarms (or no names) need "*",
  // which the API reference says in so many words; Ripcord only ever asks for its metric alarms.
  "monitoring:DescribeAlarms": {
    reference: `https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html; ${SAR}/list_amazoncloudwatch.html`,
    authorize: (input, at) => {
      const { AlarmNames, AlarmTypes } = AlarmsRequest.parse(input);
      const metricOnly = AlarmTypes?.length === 1 && AlarmTypes[0] === "MetricAlarm";
      if (!AlarmNames || AlarmNames.length === 0 || !metricOnly) {
        return [{ action: "cloudwatch:DescribeAlarms", resource: "*" }];
      }
      return AlarmNames.map((name) => ({
        action: "cloudwatch:DescribeAlarms",
        resource: `arn:${at.partition}:cloudwatch:${at.region}:${at.account}:alarm:${name}`,
      }));
    },
  },
  "sns:Publish": {
    reference: `https://docs.aws.amazon.com/sns/latest/api/API_Publish.html; ${SAR}/list_amazonsns.html`,
    authorize: (input) => {
      const { TopicArn, TargetArn } = z
        .looseObject({ TopicArn: z.string().optional(), TargetArn: z.string().optional() })
        .parse(input);
      const topic = TopicArn ?? TargetArn;
      if (!topic) throw new RipcordError("Publish names neither TopicArn nor TargetArn");
      return [{ action: "sns:Publish", resource: topic }];
    },
  },
  "states:StartExecution": {
    reference: `https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html; ${SAR}/list_awsstepfunctions.html`,
    authorize: (input) => [
      {
        action: "states:StartExecution",
        resource: StateMachineRequest.parse(input).stateMachineArn,
      },
    ],
  },
  "states:ListExecutions": {
    reference: `https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html; ${SAR}/list_awsstepfunctions.html`,
    authorize: (input) => [
      {
        action: "states:ListExecutions",
        resource: StateMachineRequest.parse(input).stateMachineArn,
      },
    ],
  },
  // Both on the execution's own ARN (SAR: `execution*`).
  "states:DescribeExecution": {
    reference: `https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html; ${SAR}/list_awsstepfunctions.html`,
    authorize: (input) => [
      { action: "states:DescribeExecution", resource: ExecutionRequest.parse(input).executionArn },
    ],
  },
  "states:StopExecution": {
    reference: `https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html; ${SAR}/list_awsstepfunctions.html`,
    authorize: (input) => [
      { action: "states:StopExecution", resource: ExecutionRequest.parse(input).executionArn },
    ],
  },
  "cloudfront:CreateInvalidation": {
    reference: `https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html; ${SAR}/list_amazoncloudfront.html`,
    authorize: (input, at) => [
      { action: "cloudfront:CreateInvalidation", resource: distributionArn(input, at) },
    ],
  },
  "cloudfront:GetInvalidation": {
    reference: `https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_GetInvalidation.html; ${SAR}/list_amazoncloudfront.html`,
    authorize: (input, at) => [
      { action: "cloudfront:GetInvalidation", resource: distributionArn(input, at) },
    ],
  },
};

/** The authorisations a call needs; throws for an operation this table does not know. */
export function authorizationsOf(
  service: string,
  operation: string,
  input: unknown,
  at: CallContext,
): AuthorizedRequest[] {
  const row = OPERATIONS[`${service}:${operation}`];
  if (!row) {
    throw new RipcordError(
      `${service}:${operation} has no row in infra/authorization.ts: add the ARN AWS authorises it on, citing its API reference`,
    );
  }
  return row.authorize(input, at);
}
