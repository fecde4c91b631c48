import { afterEach, describe, expect, it } from "vitest";
import { Lambda, LambdaPacing } from "@ripcord/core/aws";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy.ts";
import { lambdaQuota } from "../support/lambda-quota.ts";
import { motoEndpoint, through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

/*
 * Lambda's control-plane quota (15 requests per second per account and region, GetFunction 100/s),
 * emulated by the fault proxy on the real clock. A service of 30 functions needs 60 control-plane
 * calls on the path to the shift: fired together they would be a throttle storm; paced by the
 * adapter, Lambda never has to refuse one.
 */
const FUNCTIONS = 30;

describe("Lambda's control-plane quota: Resolve and Shift pace their calls to it", () => {
  const { inbox } = useReliabilityHarness({ inbox: true });
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it(`shifts ${FUNCTIONS} functions, no throttle in the result, 1 control-plane call per function in each of Resolve and Shift`, async () => {
    // Prepare: the quota's buckets and the adapter's both full, as after a quiet second.
    const fixture = await prepareService({
      inbox,
      functions: Array.from({ length: FUNCTIONS }, () => ({})),
    });
    const quota = lambdaQuota();
    proxy = await startFaultProxy({ target: motoEndpoint(), seed: 1, quota });
    LambdaPacing.resetPacing();
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input));

    // Assess: every alias shifted and no throttle reached the result; the calls per function are the
    // floor's. (A request that reached the proxy late can still meet an empty bucket: the SDK retries it.)
    expect(run.state.shift?.complete).toBe(true);
    const { record } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back");
    expect(record.shifts?.filter((s) => s.status === "shifted")).toHaveLength(FUNCTIONS);
    const admitted = (operation: string): number =>
      (proxy?.count(proxy.seen, "lambda", operation) ?? 0) -
      (proxy?.count(proxy.injected, "lambda", operation) ?? 0);
    expect(admitted("GetAlias")).toBe(FUNCTIONS);
    expect(admitted("UpdateAlias")).toBe(FUNCTIONS);
    expect(admitted("GetFunction")).toBe(FUNCTIONS);
    expect(admitted("GetFunctionConfiguration")).toBe(0);
    const aliases = await Promise.all(
      fixture.functions.map((fn) => Lambda.getAlias(fn, "production")),
    );
    expect(aliases.map((a) => a.version)).toEqual(fixture.functions.map(() => "2"));
  });

  it("lets the burst of control-plane calls out at once and holds the next until the bucket refills", async () => {
    // Prepare: a clock that never moves: the bucket never refills.
    const fixture = await prepareService({ inbox, functions: [{}] });
    const [fn] = fixture.functions;
    LambdaPacing.resetPacing({ now: () => 0, sleep: () => new Promise<void>(() => undefined) });
    try {
      // Act
      const burst = LambdaPacing.CONTROL_PLANE_BURST;
      const settled: boolean[] = Array.from({ length: burst + 1 }, () => false);
      const reads = settled.map((_, i) =>
        Lambda.getAlias(fn!, "production").then(() => {
          settled[i] = true;
        }),
      );
      await Promise.all(reads.slice(0, burst));

      // Assess
      expect(burst).toBeGreaterThan(1);
      expect(burst).toBeLessThanOrEqual(15);
      expect(settled).toEqual([...Array.from({ length: burst }, () => true), false]);
    } finally {
      LambdaPacing.resetPacing();
    }
  });

  it("answers a burst past the quota with TooManyRequestsException and Retry-After, as Lambda does", async () => {
    // Prepare: the quota on a clock that does not move, so the burst is all at one instant.
    const fixture = await prepareService({ inbox, functions: [{}] });
    const [fn] = fixture.functions;
    const quota = lambdaQuota({ now: () => 0 });
    proxy = await startFaultProxy({ target: motoEndpoint(), seed: 1, quota });
    const url = `${proxy.url}/2015-03-31/functions/${fn}/aliases/production`;

    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(url);
        return {
          status: response.status,
          type: response.headers.get("x-amzn-errortype"),
          retryAfter: response.headers.get("retry-after"),
        };
      }),
    );

    // Assess
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0]).toEqual({ status: 429, type: "TooManyRequestsException", retryAfter: "1" });
    expect(quota.throttled.get("GetAlias")).toBe(5);
  });
});
