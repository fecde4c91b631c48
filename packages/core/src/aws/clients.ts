import { CloudFrontClient } from "@aws-sdk/client-cloudfront";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { ConfigError } from "../errors/index.ts";

/**
 * SDK clients, each built on first use and then shared: constructing them at import time would
 * put their cost into every cold start, even of handlers that never call that service.
 * Endpoints come from the SDK's own environment variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SFN, ...).
 */
interface Clients {
  cloudFront: CloudFrontClient;
  cloudWatch: CloudWatchClient;
  dynamoDb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  iam: IAMClient;
  lambda: LambdaClient;
  sfn: SFNClient;
  sns: SNSClient;
}

let built: Partial<Clients> = {};

const DEFAULT_MAX_ATTEMPTS = 3;

/** AWS_MAX_ATTEMPTS (the SDK's own variable) or 3; read when a client is built. */
function maxAttempts(): number {
  const raw = process.env.AWS_MAX_ATTEMPTS;
  if (raw === undefined || raw === "") return DEFAULT_MAX_ATTEMPTS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 20) {
    throw new ConfigError(`AWS_MAX_ATTEMPTS must be an integer from 1 to 20, got "${raw}"`);
  }
  return value;
}

function common() {
  return { retryMode: "standard", maxAttempts: maxAttempts() } as const;
}

export function lambda(): LambdaClient {
  return (built.lambda ??= new LambdaClient(common()));
}

export function cloudWatch(): CloudWatchClient {
  // moto rejects gzip-compressed request bodies, and the payloads are small anyway.
  return (built.cloudWatch ??= new CloudWatchClient({ ...common(), disableRequestCompression: true }));
}

export function cloudFront(): CloudFrontClient {
  return (built.cloudFront ??= new CloudFrontClient(common()));
}

export function dynamoDb(): DynamoDBClient {
  return (built.dynamoDb ??= new DynamoDBClient(common()));
}

/** DynamoDB with plain JS values; optional fields left undefined are simply not written. */
export function documents(): DynamoDBDocumentClient {
  return (built.documents ??= DynamoDBDocumentClient.from(dynamoDb(), {
    marshallOptions: { removeUndefinedValues: true },
  }));
}

export function sns(): SNSClient {
  return (built.sns ??= new SNSClient(common()));
}

export function sfn(): SFNClient {
  return (built.sfn ??= new SFNClient(common()));
}

/** Only the local sandbox and tests use IAM (moto's CreateFunction needs an existing role). */
export function iam(): IAMClient {
  return (built.iam ??= new IAMClient(common()));
}

/** Drops every client so the next call builds fresh ones from the current environment. */
export function resetClients(): void {
  for (const client of Object.values(built)) client.destroy();
  built = {};
}
