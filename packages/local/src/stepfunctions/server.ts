import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type * as z from "zod";
import { ApiError } from "./errors.ts";
import type { LocalStepFunctions } from "./engine.ts";
import {
  describeBody,
  ExecutionRequest,
  ListExecutionsRequest,
  listItem,
  StartExecutionRequest,
  startBody,
  StopExecutionRequest,
  stopBody,
} from "./protocol.ts";

const TARGET_PREFIX = "AWSStepFunctions.";
const DEFAULT_PAGE = 100;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    throw new ApiError("ValidationException", detail);
  }
  return parsed.data;
}

function page(token: string | undefined): number {
  if (token === undefined) return 0;
  const offset = Number.parseInt(Buffer.from(token, "base64url").toString(), 10);
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new ApiError("InvalidToken", `Invalid Token: '${token}'`);
  return offset;
}

type Operation = (sfn: LocalStepFunctions, body: unknown) => Record<string, unknown>;

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (sfn, body) => startBody(sfn.start(parse(StartExecutionRequest, body))),
  DescribeExecution: (sfn, body) =>
    describeBody(sfn.describe(parse(ExecutionRequest, body).executionArn)),
  StopExecution: (sfn, body) => {
    const request = parse(StopExecutionRequest, body);
    return stopBody(sfn.stop(request.executionArn, request.error, request.cause));
  },
  ListExecutions: (sfn, body) => {
    const request = parse(ListExecutionsRequest, body);
    const all = sfn.list(request.stateMachineArn, request.statusFilter);
    const from = page(request.nextToken);
    const size = request.maxResults || DEFAULT_PAGE;
    const next =
      from + size < all.length ? Buffer.from(String(from + size)).toString("base64url") : undefined;
    return {
      executions: all.slice(from, from + size).map(listItem),
      ...(next && { nextToken: next }),
    };
  },
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ApiError("SerializationException", `request body is not JSON: ${String(cause)}`);
  }
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": randomUUID(),
  });
  res.end(JSON.stringify(body));
}

async function handle(
  sfn: LocalStepFunctions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const target = req.headers["x-amz-target"];
    const operationName =
      typeof target === "string" && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : "";
    const operation = OPERATIONS[operationName];
    if (req.method !== "POST" || !operation) {
      throw new ApiError(
        "UnknownOperationException",
        `the local Step Functions endpoint serves ${Object.keys(OPERATIONS).join(", ")}; got "${String(target)}"`,
      );
    }
    send(res, 200, operation(sfn, await readJson(req)));
  } catch (error) {
    if (error instanceof ApiError) {
      send(res, error.status, { __type: error.code, message: error.message });
      return;
    }
    // A fault in the sandbox itself: answer like an AWS 500 so the SDK reports it, and keep the trace visible.
    console.error(error);
    send(res, 500, {
      __type: "InternalFailure",
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

export interface StepFunctionsEndpoint {
  url: string;
  close(): Promise<void>;
}

/** Serves the local Step Functions API on 127.0.0.1 (port 0: a free one). Point clients at it with AWS_ENDPOINT_URL_SFN. */
export async function serveStepFunctions(
  sfn: LocalStepFunctions,
  port = 0,
): Promise<StepFunctionsEndpoint> {
  const server: Server = createServer((req, res) => void handle(sfn, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string")
    throw new Error("the Step Functions endpoint is not listening on TCP");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
