import { CloudFrontClient, CreateDistributionCommand } from "@aws-sdk/client-cloudfront";
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { awsCall, awsCallTolerating, Clients } from "@ripcord/core/aws";
import { tableDefinition } from "@ripcord/core/aws/table";
import { RipcordError } from "@ripcord/core/errors";
import { zipOneFile } from "./zip.ts";

/*
 * Creating resources in a local AWS (moto) for the sandbox and the tests. In AWS, infra creates
 * all of these; nothing on Ripcord's rollback path calls this file, so it lives with the sandbox.
 * Clients are built like core's (Clients.lazyClient: the same settings and hooks, reset together).
 */

const { clientConfig, lazyClient } = Clients;
const iam = /* @__PURE__ */ lazyClient(() => new IAMClient(clientConfig()));
const dynamoDb = /* @__PURE__ */ lazyClient(() => new DynamoDBClient(clientConfig()));
const cloudFront = /* @__PURE__ */ lazyClient(() => new CloudFrontClient(clientConfig()));
const sns = /* @__PURE__ */ lazyClient(() => new SNSClient(clientConfig()));
const lambda = /* @__PURE__ */ lazyClient(() => new LambdaClient(clientConfig()));

const LAMBDA_TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

/** The role's ARN, creating it first if needed (moto's CreateFunction requires an existing role). */
export async function ensureLambdaRole(name: string): Promise<string> {
  const existing = await awsCallTolerating(
    "IAM GetRole",
    ["NoSuchEntity", "NoSuchEntityException"],
    () => iam().send(new GetRoleCommand({ RoleName: name })),
  );
  if (existing?.Role?.Arn) return existing.Role.Arn;
  const created = await awsCall("IAM CreateRole", () =>
    iam().send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(LAMBDA_TRUST),
      }),
    ),
  );
  if (!created.Role?.Arn) throw new RipcordError(`IAM CreateRole ${name} returned no ARN`);
  return created.Role.Arn;
}

/**
 * Creates a function and publishes versions 1..`versions`. Each publish follows a configuration
 * change (RELEASE=<n>), because publishing an unchanged function returns the last version again.
 * `tags` as a guarded app's function carries them (ripcord:stage, ripcord:service): Ripcord's
 * Lambda grants reach only functions tagged with its stage.
 */
export async function createFunctionWithVersions(
  name: string,
  roleArn: string,
  versions: number,
  tags: Record<string, string> = {},
): Promise<string[]> {
  await awsCall("Lambda CreateFunction", () =>
    lambda().send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: "nodejs20.x",
        Role: roleArn,
        Handler: "index.handler",
        Code: {
          ZipFile: zipOneFile("index.js", "exports.handler = async () => ({ statusCode: 200 });\n"),
        },
        Environment: { Variables: { RELEASE: "0" } },
        Tags: tags,
      }),
    ),
  );
  const published: string[] = [];
  for (let release = 1; release <= versions; release++) {
    await awsCall("Lambda UpdateFunctionConfiguration", () =>
      lambda().send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: name,
          Environment: { Variables: { RELEASE: String(release) } },
        }),
      ),
    );
    const output = await awsCall("Lambda PublishVersion", () =>
      lambda().send(new PublishVersionCommand({ FunctionName: name })),
    );
    if (!output.Version)
      throw new RipcordError(`Lambda PublishVersion of ${name} returned no version`);
    published.push(output.Version);
  }
  return published;
}

/** Creates the alias, or moves it if it exists (AWS says ResourceConflictException, moto 5.2.1 ConflictException); `weights` as Lambda's AdditionalVersionWeights. */
export async function putAlias(
  fn: string,
  alias: string,
  version: string,
  weights: Record<string, number> = {},
): Promise<void> {
  const input = {
    FunctionName: fn,
    Name: alias,
    FunctionVersion: version,
    RoutingConfig: { AdditionalVersionWeights: weights },
  };
  const created = await awsCallTolerating(
    "Lambda CreateAlias",
    ["ResourceConflictException", "ConflictException"],
    () => lambda().send(new CreateAliasCommand(input)),
  );
  if (!created)
    await awsCall("Lambda UpdateAlias", () => lambda().send(new UpdateAliasCommand(input)));
}

/** Creates Ripcord's table (tableDefinition) with its TTL. */
export async function createTable(name: string): Promise<void> {
  const definition = tableDefinition(name);
  await awsCall("DynamoDB CreateTable", () =>
    dynamoDb().send(new CreateTableCommand(definition.create)),
  );
  await awsCall("DynamoDB UpdateTimeToLive", () =>
    dynamoDb().send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      }),
    ),
  );
}

/** A minimal distribution in front of `originDomain`; returns its id. */
export async function createDistribution(
  callerReference: string,
  originDomain = "origin.example.com",
): Promise<string> {
  const output = await awsCall("CloudFront CreateDistribution", () =>
    cloudFront().send(
      new CreateDistributionCommand({
        DistributionConfig: {
          CallerReference: callerReference,
          Comment: "ripcord local",
          Enabled: true,
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: "origin",
                DomainName: originDomain,
                CustomOriginConfig: {
                  HTTPPort: 80,
                  HTTPSPort: 443,
                  OriginProtocolPolicy: "https-only",
                },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: "origin",
            ViewerProtocolPolicy: "redirect-to-https",
            MinTTL: 0,
          },
        },
      }),
    ),
  );
  const id = output.Distribution?.Id;
  if (!id) throw new RipcordError("CloudFront CreateDistribution returned no id");
  return id;
}

/** Creates (or finds, SNS's CreateTopic is idempotent) a topic; returns its ARN. */
export async function createTopic(name: string): Promise<string> {
  const output = await awsCall("SNS CreateTopic", () =>
    sns().send(new CreateTopicCommand({ Name: name })),
  );
  if (!output.TopicArn) throw new RipcordError(`SNS CreateTopic ${name} returned no ARN`);
  return output.TopicArn;
}
