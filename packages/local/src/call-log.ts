import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  MiddlewareStack,
} from "@smithy/types";
import * as z from "zod";
import type { Clients } from "@ripcord/core/aws";

/*
 * A record of every AWS call a process makes, for the IAM check over the calls the code really
 * makes (tests/iam). It sits right after the SDK signs the request, so what it writes down is what
 * AWS would see: the access key that signed (the role, see identity.ts), the service and region of
 * the signature's credential scope, the operation, and the request fields an ARN is built from.
 * Retries are signed again and recorded again; the check counts distinct calls.
 */

export const RecordedCall = z.object({
  /** The access key id that signed: a Ripcord role, or "harness". */
  role: z.string(),
  /** The signing name: "lambda", "dynamodb", "monitoring" (CloudWatch), "states", "sns", "cloudfront", ... */
  service: z.string(),
  region: z.string(),
  /** The API operation, e.g. "UpdateAlias" (the SDK command's name without "Command"). */
  operation: z.string(),
  /** The request fields that name resources (see ARN_FIELDS), and the sizes of its lists. */
  input: z.record(z.string(), z.unknown()),
  /**
   * RIPCORD_ALARM_PREFIX as the process had it: infra grants DescribeAlarms by that prefix, and
   * no request field says it (every other resource a policy names is in the request).
   */
  alarmPrefix: z.string().optional(),
});
export type RecordedCall = z.output<typeof RecordedCall>;

/** Request fields a resource ARN (or a per-call limit) is read from; nothing else is kept. */
const ARN_FIELDS = new Set([
  "FunctionName",
  "Qualifier",
  "Name",
  "Resource",
  "Tags",
  "TableName",
  "IndexName",
  "TopicArn",
  "TargetArn",
  "stateMachineArn",
  "executionArn",
  "DistributionId",
  "Id",
  "AlarmName",
  "AlarmNames",
  "AlarmNamePrefix",
  "AlarmTypes",
  "Namespace",
]);

const SignedRequest = z.object({
  headers: z.record(z.string(), z.string()),
});

/** SigV4: `Credential=<access key id>/<date>/<region>/<service>/aws4_request`. */
const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function pick(input: object): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (ARN_FIELDS.has(key)) picked[key] = value;
  }
  const fields = new Map(Object.entries(input));
  // TransactGetItems/TransactWriteItems: the table of each item ({ Get: { TableName } }, ...).
  const transact = z
    .array(z.record(z.string(), z.looseObject({ TableName: z.string() })))
    .safeParse(fields.get("TransactItems"));
  if (transact.success) {
    picked.TransactItems = transact.data.map((item) =>
      Object.fromEntries(
        Object.entries(item).map(([kind, { TableName }]) => [kind, { TableName }]),
      ),
    );
  }
  // BatchGetItem/BatchWriteItem: RequestItems is keyed by table name.
  const batch = z.record(z.string(), z.unknown()).safeParse(fields.get("RequestItems"));
  if (batch.success) picked.RequestItems = Object.keys(batch.data);
  const queries = z.array(z.unknown()).safeParse(fields.get("MetricDataQueries"));
  if (queries.success) picked.MetricDataQueriesCount = queries.data.length;
  return picked;
}

function recordOf(
  input: object,
  signed: unknown,
  context: HandlerExecutionContext,
): RecordedCall | undefined {
  const request = SignedRequest.safeParse(signed);
  if (!request.success) return undefined;
  const authorization = Object.entries(request.data.headers).find(
    ([name]) => name.toLowerCase() === "authorization",
  )?.[1];
  const credential = CREDENTIAL.exec(authorization ?? "");
  const [, role, region, service] = credential ?? [];
  if (!role || !region || !service) return undefined;
  return {
    role,
    service,
    region,
    operation: (context.commandName ?? "Unknown").replace(/Command$/, ""),
    input: pick(input),
    ...(process.env.RIPCORD_ALARM_PREFIX && { alarmPrefix: process.env.RIPCORD_ALARM_PREFIX }),
  };
}

/** A client plugin appending every signed call to `<dir>/<pid>.jsonl`. */
export function callRecorder(dir: string): Clients.ClientPlugin {
  const file = join(dir, `${process.pid}.jsonl`);
  return {
    applyToStack<Input extends object, Output extends object>(
      stack: MiddlewareStack<Input, Output>,
    ) {
      const record: FinalizeRequestMiddleware<Input, Output> = (next, context) => (args) => {
        const call = recordOf(args.input, args.request, context);
        // An unsigned request (none of Ripcord's clients sends one) has no role to check.
        if (call) {
          // Made again each time: a new test run empties the directory, and may do so while
          // an earlier sandbox still runs.
          mkdirSync(dir, { recursive: true });
          appendFileSync(file, `${JSON.stringify(call)}\n`);
        }
        return next(args);
      };
      stack.addRelativeTo(record, {
        relation: "after",
        toMiddleware: "httpSigningMiddleware",
        name: "ripcordCallRecorder",
        override: true,
      });
    },
  };
}

/** Every call recorded under `dir`, each with the file (the process) it came from. */
export function readCallLog(dir: string): { file: string; call: RecordedCall }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) =>
      readFileSync(join(dir, name), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => ({ file: name, call: RecordedCall.parse(JSON.parse(line)) })),
    );
}
