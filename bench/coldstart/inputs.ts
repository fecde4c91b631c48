import * as Workflow from "@ripcord/core/workflow";
import { alarmStateChangeEvent } from "@ripcord/local/alarms";
import { NAMES } from "@ripcord/local/environment";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "@ripcord/local/stepfunctions/index";
import type { BenchService, BenchWorld } from "../restore/world.ts";

/*
 * What each handler's first invocation receives: the inputs the steps received in the last
 * measured rollback of the 1-function service, a fresh alarm event for the trigger, a scheduled
 * tick for the reconciler, GET /services for the API.
 */

export const API_TOKEN = "bench-token-0123456789abcdef0123456789";

function functionUrlEvent(method: string, rawPath: string): Record<string, unknown> {
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: "",
    headers: {
      authorization: `Bearer ${API_TOKEN}`,
      host: "bench.lambda-url.us-east-1.on.aws",
      "user-agent": "ripcord-bench",
    },
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: "bench",
      domainName: "bench.lambda-url.us-east-1.on.aws",
      domainPrefix: "bench",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "ripcord-bench",
      },
      requestId: "bench",
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}

/** handler -> a function making its input (fresh per run where it must differ), or undefined when the bench has none. */
export function handlerInputs(
  world: BenchWorld,
  service: BenchService,
): (handler: string) => (() => unknown) | undefined {
  let alarms = 0;
  return (handler) => {
    if (handler === "trigger") {
      // A state-change time of its own per run: each start is a new execution, never a duplicate.
      return () =>
        alarmStateChangeEvent(
          service.check,
          new Date(Date.parse(service.now) + 3_600_000 + 1000 * alarms++).toISOString(),
          { value: "OK" },
        );
    }
    if (handler === "reconciler") {
      return () => ({
        version: "0",
        id: "bench",
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: LOCAL_ACCOUNT,
        time: new Date().toISOString(),
        region: LOCAL_REGION,
        resources: [],
        detail: {},
      });
    }
    if (handler === "api") return () => functionUrlEvent("GET", "/services");
    const file = handler.replace(/^steps\//, "");
    const step = Workflow.STEP_FUNCTIONS.find((s) => Workflow.handlerFile(s) === file);
    if (step === "fail") {
      const state = world.inputs.get("record");
      if (!state || typeof state !== "object") return undefined;
      return () => ({
        ...state,
        error: { Error: "RipcordError", Cause: "a step failed (simulated by the bench)" },
      });
    }
    const input = step && world.inputs.get(step);
    if (
      step === "confirm" &&
      input &&
      typeof input === "object" &&
      "resolved" in input &&
      input.resolved &&
      typeof input.resolved === "object"
    ) {
      // The restore runs wait 0 s before Confirm, which then has nothing to read; a deployed Confirm waits and reads the metrics.
      const waited = { ...input, resolved: { ...input.resolved, confirmAfterSeconds: 180 } };
      return () => waited;
    }
    return input === undefined ? undefined : () => input;
  };
}

/** The Lambda environment infra gives every Ripcord function, pointed at the bench's proxy, for the 1-function service. */
export function handlerEnvironment(world: BenchWorld, service: BenchService): NodeJS.ProcessEnv {
  const settings = world.config.services[service.name];
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ENDPOINT_URL: world.proxy.url,
    AWS_ENDPOINT_URL_SFN: world.proxy.url,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: "ripcord-local",
    AWS_SECRET_ACCESS_KEY: "ripcord-local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    RIPCORD_CONFIG: JSON.stringify({ services: { [service.name]: settings } }),
    RIPCORD_TABLE: process.env.RIPCORD_TABLE,
    RIPCORD_TOPIC_ARN: world.topicArn,
    RIPCORD_STATE_MACHINE_ARN: world.coldStateMachineArn,
    RIPCORD_ALARM_PREFIX: NAMES.alarmPrefix,
    RIPCORD_LATENCY_STATISTIC: "Maximum",
    RIPCORD_API_TOKENS: JSON.stringify([{ name: "bench", scope: "read", token: API_TOKEN }]),
  };
}
