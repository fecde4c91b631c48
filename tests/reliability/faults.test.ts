import { describe, expect, it } from "vitest";
import { CloudFront, Lambda } from "@ripcord/core/aws";
import type { AwsService, FaultRule } from "../support/fault-proxy.ts";
import { through } from "./support/endpoint.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, type ServiceFixture } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

/*
 * Throttling and 5xx from the services on the path of a rollback, injected by the fault proxy in
 * front of moto. The SDK retries twice here (AWS_MAX_ATTEMPTS=2) so that some faults outlast it
 * and reach the state machine's Retry: both layers are exercised.
 */

describe("faults: throttling and 5xx are retried, and a rollback completes", () => {
  const { inbox, faultProxy } = useReliabilityHarness({
    inbox: true,
    env: { AWS_MAX_ATTEMPTS: "2" },
  });

  /** The rollback landed exactly as without faults: alias, invalidation, history, lock, notifications. */
  async function expectRolledBack(fixture: ServiceFixture, id: string) {
    expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
      version: "2",
      weights: {},
    });
    const { record, service } = await afterRun(fixture, id);
    expect(record.status).toBe("rolled-back");
    expect(record.invalidation?.status).toBe("Completed");
    expect(
      await CloudFront.getInvalidation(fixture.distributionId!, record.invalidation?.id ?? "none"),
    ).toBe("Completed");
    expect(service.lock).toBeUndefined();
    expect(service.cooldownUntil).toBeDefined();
    expect(inbox.of(fixture.topicArn).map((n) => n.text.includes("3 -> 2"))).toEqual([true, true]);
  }

  const cases: Array<{ services: AwsService[]; rate: number; seed: number }> = [
    { services: ["lambda"], rate: 0.5, seed: 3 },
    { services: ["monitoring"], rate: 0.6, seed: 9 },
    { services: ["cloudfront"], rate: 0.6, seed: 2 },
    { services: ["dynamodb"], rate: 0.35, seed: 1 },
    { services: ["lambda", "monitoring", "cloudfront", "dynamodb"], rate: 0.3, seed: 4 },
  ];

  for (const { services, rate, seed } of cases) {
    it(`completes with ${rate * 100}% of ${services.join(", ")} calls throttled or failing with 5xx`, async () => {
      // Prepare
      const fixture = await prepareService({ inbox });
      const rules: FaultRule[] = services.map((service) => ({ service, rate }));
      const proxy = await faultProxy(seed, rules);
      const input = alarmInput(fixture);

      // Act
      const run = await through(proxy, () => runWorkflow(input));

      // Assess: the faults happened, both kinds were among them, and none changed the result.
      for (const service of services)
        expect(proxy.count(proxy.injected, service), service).toBeGreaterThan(0);
      expect(run.status).toBe("SUCCEEDED");
      await expectRolledBack(fixture, input.id);
    });
  }

  it("reaches the state machine's Retry when throttling outlasts the SDK's own retries, and still completes", async () => {
    // Prepare: Resolve's read of the ledger is throttled on both SDK attempts, so the Resolve state is retried.
    const fixture = await prepareService({ inbox });
    let calls = 0;
    const proxy = await faultProxy(7, [
      {
        service: "dynamodb",
        rate: 1,
        kinds: ["throttle"],
        match: (r) => r.operation === "GetItem" && ++calls <= 2,
      },
    ]);
    const input = alarmInput(fixture);

    const run = await through(proxy, () => runWorkflow(input));

    expect(proxy.count(proxy.injected, "dynamodb")).toBe(2);
    expect(run.retried).toContain("Resolve");
    await expectRolledBack(fixture, input.id);
  });

  describe("after the shift, a failure leaves the alias restored and the run rolled back with warnings", () => {
    it("when CloudFront keeps failing", async () => {
      const fixture = await prepareService({ inbox });
      const proxy = await faultProxy(9, [{ service: "cloudfront", rate: 1 }]);
      const input = alarmInput(fixture);

      const run = await through(proxy, () => runWorkflow(input));

      expect(run.status).toBe("SUCCEEDED");
      expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
        version: "2",
        weights: {},
      });
      const { record, service } = await afterRun(fixture, input.id);
      expect(record.status).toBe("rolled-back-with-warnings");
      expect(record.warnings?.join(" ")).toMatch(/invalidate failed/);
      expect(service.lock).toBeUndefined();
      expect(service.cooldownUntil).toBeDefined();
      const outcome = inbox.of(fixture.topicArn).at(-1);
      expect(outcome?.text).toMatch(/CloudFront invalidation failed/);
    });

    it("when every notification fails", async () => {
      const fixture = await prepareService({ inbox });
      const proxy = await faultProxy(9, [{ service: "sns", rate: 1 }]);
      const input = alarmInput(fixture);

      const run = await through(proxy, () => runWorkflow(input));

      expect(run.status).toBe("SUCCEEDED");
      expect(proxy.count(proxy.injected, "sns", "Publish")).toBeGreaterThan(0);
      expect(await Lambda.getAlias(fixture.functions[0]!, "production")).toMatchObject({
        version: "2",
        weights: {},
      });
      const { record, service } = await afterRun(fixture, input.id);
      expect(record.status).toBe("rolled-back-with-warnings");
      expect(record.warnings?.join(" ")).toMatch(/notify/i);
      expect(record.invalidation?.status).toBe("Completed");
      expect(service.lock).toBeUndefined();
      expect(inbox.of(fixture.topicArn)).toHaveLength(0);
    });
  });
});
