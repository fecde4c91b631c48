import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { defineConfig } from "@ripcord/core/config";
import { readCallLog } from "@ripcord/local/call-log";
import { reconciler } from "@ripcord/local/handlers";
import * as Provision from "@ripcord/local/provision";
import { asLambdaTask } from "@ripcord/local/stepfunctions/index";
import { alias, lambdaFunction, lambdaRole, ripcordTable } from "../support/aws.ts";
import { unique } from "../support/unique.ts";

/*
 * The reconciler's minute tick keeps the steps on the path to the shift warm: it invokes each by
 * its ARN (RIPCORD_WARM_FUNCTIONS, set by infra), with the reconciler's own identity. moto runs
 * no function code (no Docker here) and answers with a FunctionError, which the tick logs and
 * survives: what matters is the invocation and who made it.
 */

describe("the reconciler's tick", () => {
  const saved = { ...process.env };
  let step: string;

  beforeAll(async () => {
    await ripcordTable();
    const watched = await lambdaFunction(2, "svc");
    await alias(watched.name, "2");
    // One of Ripcord's own step functions: untagged, granted to the reconciler by its ARN.
    const name = unique("ripcord-warm-resolve");
    await Provision.createFunctionWithVersions(name, await lambdaRole(), 1);
    step = `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
    const config = defineConfig({
      services: { shop: { signal: "url", functions: [{ name: watched.name }] } },
    });
    Object.assign(process.env, {
      RIPCORD_CONFIG: JSON.stringify(config),
      RIPCORD_ALARM_PREFIX: unique("ripcord-warm"),
      RIPCORD_LATENCY_STATISTIC: "Maximum",
      RIPCORD_STATE_MACHINE_ARN:
        "arn:aws:states:us-east-1:123456789012:stateMachine:ripcord-warm-rollback",
      RIPCORD_WARM_FUNCTIONS: step,
    });
  });

  afterAll(() => {
    process.env = { ...saved };
  });

  it("invokes the pre-shift steps by their ARNs, as the reconciler", async () => {
    const tick = asLambdaTask(
      "arn:aws:lambda:us-east-1:123456789012:function:ripcord-warm-reconciler",
      reconciler,
    );

    const result = await tick({});

    expect(result).toMatchObject({ aliases: 1 });
    const invoked = readCallLog(inject("callLogDir")).filter(
      ({ call }) => call.operation === "Invoke" && call.input.FunctionName === step,
    );
    expect(invoked.map(({ call }) => call.role)).toEqual(["reconciler"]);
  });
});
