import { overlappingGroups, type AwsCall } from "../restore/waves.ts";

/*
 * The baseline of a handler: a bare handler that imports the same SDK packages and makes the same
 * first call, the requests the handler's first invocation sent, replayed in the same sequential
 * waves through plain SDK clients. What Ripcord adds on top (its own modules, zod, middy, the
 * document client's marshalling) is the difference between the two.
 */

/** One replayed request: which SDK client, which command, its input. */
export interface ReplayedCall {
  client: "lambda" | "dynamodb" | "cloudwatch" | "sfn" | "sns" | "cloudfront";
  command: string;
  input: Record<string, unknown>;
}

const CLIENT_OF_SERVICE: Record<string, ReplayedCall["client"]> = {
  lambda: "lambda",
  dynamodb: "dynamodb",
  monitoring: "cloudwatch",
  states: "sfn",
  sns: "sns",
  cloudfront: "cloudfront",
};

const PACKAGES: Record<ReplayedCall["client"], { pkg: string; client: string; config: string }> = {
  lambda: { pkg: "@aws-sdk/client-lambda", client: "LambdaClient", config: "{}" },
  dynamodb: { pkg: "@aws-sdk/client-dynamodb", client: "DynamoDBClient", config: "{}" },
  // As core builds it: the local CloudWatch cannot read gzip-compressed requests.
  cloudwatch: {
    pkg: "@aws-sdk/client-cloudwatch",
    client: "CloudWatchClient",
    config: "{ disableRequestCompression: true }",
  },
  sfn: { pkg: "@aws-sdk/client-sfn", client: "SFNClient", config: "{}" },
  sns: { pkg: "@aws-sdk/client-sns", client: "SNSClient", config: "{}" },
  cloudfront: { pkg: "@aws-sdk/client-cloudfront", client: "CloudFrontClient", config: "{}" },
};

/** The unique parts of a replayed request that must differ per run (execution names, caller references). */
export const UNIQUE = "__BENCH_UNIQUE__";
/** Stands for the run's own table (RIPCORD_TABLE), which differs from the table of the recorded run. */
export const TABLE = "__BENCH_TABLE__";

function jsonBody(call: AwsCall): Record<string, unknown> {
  const parsed: unknown = JSON.parse(call.request?.body || "{}");
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new RangeError(`${call.operation}: the request body is not a JSON object`);
  return { ...parsed };
}

function lambdaInput(call: AwsCall): Record<string, unknown> {
  const url = new URL(call.request?.path ?? "/", "http://local");
  const [, , , fn, kind, name] = url.pathname.split("/");
  if (!fn) throw new RangeError(`${call.operation}: no function name in ${url.pathname}`);
  const FunctionName = decodeURIComponent(fn);
  if (call.operation === "GetAlias") return { FunctionName, Name: decodeURIComponent(name ?? "") };
  // GetFunction: Shift reads the target version's state with it (GET /2015-03-31/functions/{name}?Qualifier=).
  if (call.operation === "GetFunctionConfiguration" || call.operation === "GetFunction")
    return { FunctionName, Qualifier: url.searchParams.get("Qualifier") ?? undefined };
  if (call.operation === "UpdateAlias" && kind === "aliases")
    return { FunctionName, Name: decodeURIComponent(name ?? ""), ...jsonBody(call) };
  throw new RangeError(`no baseline replay for lambda:${call.operation}`);
}

/** A request as the SDK command input that sends it again. */
export function replayOf(call: AwsCall): ReplayedCall {
  const client = CLIENT_OF_SERVICE[call.service];
  if (!client) throw new RangeError(`no baseline replay for the ${call.service} service`);
  if (client === "lambda") return { client, command: call.operation, input: lambdaInput(call) };
  if (client === "sns") {
    const form = new URLSearchParams(call.request?.body ?? "");
    return {
      client,
      command: call.operation,
      input: {
        TopicArn: form.get("TopicArn"),
        Message: form.get("Message"),
        Subject: form.get("Subject") ?? undefined,
      },
    };
  }
  if (client === "cloudfront") {
    const [, , , distributionId, , id] = (call.request?.path ?? "").split("?")[0]?.split("/") ?? [];
    if (call.request?.method === "POST") {
      const paths = [...(call.request.body.matchAll(/<Path>([^<]*)<\/Path>/g) ?? [])].map(
        (m) => m[1],
      );
      return {
        client,
        command: "CreateInvalidation",
        input: {
          DistributionId: distributionId,
          InvalidationBatch: {
            Paths: { Quantity: paths.length, Items: paths },
            CallerReference: UNIQUE,
          },
        },
      };
    }
    return {
      client,
      command: "GetInvalidation",
      input: { DistributionId: distributionId, Id: id },
    };
  }
  const input = jsonBody(call);
  if (client === "sfn" && call.operation === "StartExecution") input.name = UNIQUE;
  return { client, command: call.operation, input };
}

/** The handler's first-invocation requests as sequential waves of replayable calls; `table` becomes each run's own. */
export function replayWaves(
  calls: readonly AwsCall[],
  table: string | undefined,
): ReplayedCall[][] {
  const waves = overlappingGroups(calls).map((wave) => wave.map(replayOf));
  if (!table) return waves;
  const json = JSON.stringify(waves).replaceAll(JSON.stringify(table), JSON.stringify(TABLE));
  // Our own JSON of a moment ago, with one string replaced: the shape is unchanged.
  return JSON.parse(json) as ReplayedCall[][];
}

/**
 * Source of the baseline module: the handler's SDK packages imported and built lazily (the
 * document client too when the handler bundles it), and the replayed waves sent in order.
 */
export function baselineSource(
  sdkPackages: readonly string[],
  waves: readonly ReplayedCall[][],
): string {
  const clients = Object.entries(PACKAGES).filter(([, p]) => sdkPackages.includes(p.pkg));
  const commands = new Map<string, Set<string>>();
  for (const call of waves.flat()) {
    const pkg = PACKAGES[call.client].pkg;
    if (!sdkPackages.includes(pkg))
      throw new RangeError(`the handler called ${call.client} without bundling ${pkg}`);
    commands.set(pkg, (commands.get(pkg) ?? new Set()).add(`${call.command}Command`));
  }
  const lines = clients.map(
    ([, p]) =>
      `import { ${[p.client, ...(commands.get(p.pkg) ?? [])].join(", ")} } from "${p.pkg}";`,
  );
  const documents = sdkPackages.includes("@aws-sdk/lib-dynamodb");
  if (documents) lines.push(`import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";`);
  const commandTable = waves
    .flat()
    .map((call) => `"${call.client}:${call.command}": ${call.command}Command`);
  lines.push(
    `const COMMANDS = { ${[...new Set(commandTable)].join(", ")} };`,
    `const WAVES = ${JSON.stringify(waves)};`,
    `const config = { retryMode: "standard", maxAttempts: 3 };`,
    `let clients;`,
    `function revive(call, unique) {`,
    `  const text = JSON.stringify(call.input).replaceAll(${JSON.stringify(UNIQUE)}, unique).replaceAll(${JSON.stringify(TABLE)}, process.env.RIPCORD_TABLE);`,
    `  const input = JSON.parse(text);`,
    // awsJson sends timestamps as epoch seconds; the SDK wants Dates.
    `  for (const key of ["StartTime", "EndTime"]) if (typeof input[key] === "number") input[key] = new Date(input[key] * 1000);`,
    `  return input;`,
    `}`,
    `export const handler = async () => {`,
    `  clients ??= { ${clients.map(([name, p]) => `${name}: new ${p.client}({ ...config, ...${p.config} })`).join(", ")} };`,
    ...(documents
      ? [`  clients.documents ??= DynamoDBDocumentClient.from(clients.dynamodb);`]
      : []),
    `  const unique = "baseline-" + Date.now() + "-" + Math.random().toString(16).slice(2, 10);`,
    `  for (const wave of WAVES) await Promise.all(wave.map((call) => clients[call.client].send(new COMMANDS[call.client + ":" + call.command](revive(call, unique)))));`,
    `  return { ok: true };`,
    `};`,
  );
  return `${lines.join("\n")}\n`;
}
