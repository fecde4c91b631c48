import { afterEach, describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { Lambda } from "@ripcord/core/aws";
import * as Rollback from "@ripcord/core/rollback";
import {
  alarmInput,
  prepareService,
  runWorkflow,
  type ServiceFixture,
} from "../workflow/fixture.ts";
import { signedReceiver, type SignedReceiver } from "./receivers.ts";

const SECRET = "whsec-sandbox-rollback";

/** The fixture's service, now also routed to the receiver; handlers read the config from RIPCORD_CONFIG. */
function routeTo(fixture: ServiceFixture, webhookUrl: string): void {
  const service = fixture.config.services[fixture.service];
  if (!service) throw new Error("the fixture's config lost its service");
  const config = Config.defineConfig({
    services: { [fixture.service]: { ...service, notify: { ...service.notify, webhookUrl } } },
  });
  process.env.RIPCORD_CONFIG = JSON.stringify(config);
  process.env.RIPCORD_WEBHOOK_SECRET = SECRET;
  process.env.RIPCORD_STATE_MACHINE_ARN =
    "arn:aws:states:us-east-1:123456789012:stateMachine:ripcord-test";
  process.env.RIPCORD_STATUS_URL = "http://127.0.0.1:8787";
}

describe("a whole rollback in the sandbox, told to a signed webhook on localhost", () => {
  let receiver: SignedReceiver | undefined;

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it("delivers exactly two signed messages, when Ripcord acts and with the outcome, each verified by the receiver", async () => {
    // Prepare: version 3 fails 15% of requests since it took traffic; version 2 failed 0.4%.
    const fixture = await prepareService({ errorsPerThousand: 150 });
    receiver = await signedReceiver(SECRET);
    routeTo(fixture, `${receiver.url}/hooks/ripcord`);
    const input = alarmInput(fixture);

    // Act
    const { execution, output } = await runWorkflow(input);

    // Assess
    expect(execution.status).toBe("SUCCEEDED");
    expect((await Lambda.getAlias(fixture.fn, "production")).version).toBe("2");
    expect(receiver.refused).toEqual([]);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.accepted).toEqual([
      expect.objectContaining({
        schema: "ripcord.notification/1",
        id: `${input.id}.shifted`,
        service: fixture.service,
        phase: "shifted",
        outcome: "rolled-back",
        verdict: "rollback",
        subject: `[${fixture.service}] Rolled back ${fixture.fn} 3 -> 2`,
        versions: [
          expect.objectContaining({
            function: fixture.fn,
            from: { version: "3", weights: {} },
            to: "2",
            status: "shifted",
          }),
        ],
        metric: expect.objectContaining({
          kind: "errorRate",
          version: "3",
          baselineVersion: "2",
          threshold: "5%",
          pValue: expect.any(String),
        }),
        links: {
          execution: expect.stringContaining(`:execution:ripcord-test:${input.id}`),
          statusPage: `http://127.0.0.1:8787/rollbacks/${input.id}`,
        },
      }),
      expect.objectContaining({
        id: `${input.id}.outcome`,
        phase: "outcome",
        verdict: "rollback",
        timeline: expect.arrayContaining([
          expect.objectContaining({
            what: expect.stringMatching(/^CloudFront invalidation .+: Completed$/),
          }),
        ]),
      }),
    ]);
    const state = Rollback.RollbackState.parse(output);
    expect(state.notifyShifted?.deliveries).toContainEqual(
      expect.objectContaining({ channel: "webhook", ok: true }),
    );
    expect(state.notifyOutcome?.deliveries).toContainEqual(
      expect.objectContaining({ channel: "webhook", ok: true }),
    );
  });

  it("delivers exactly one signed message when Ripcord holds", async () => {
    // Prepare: version 3 fails 0.5%, no worse than version 2's 0.4%.
    const fixture = await prepareService({ errorsPerThousand: 5 });
    receiver = await signedReceiver(SECRET);
    routeTo(fixture, receiver.url);
    const input = alarmInput(fixture);

    // Act
    const { execution } = await runWorkflow(input);

    // Assess
    expect(execution.status).toBe("SUCCEEDED");
    expect((await Lambda.getAlias(fixture.fn, "production")).version).toBe("3");
    expect(receiver.refused).toEqual([]);
    expect(receiver.accepted).toEqual([
      expect.objectContaining({
        id: `${input.id}.held`,
        phase: "held",
        outcome: "held",
        verdict: "hold",
      }),
    ]);
  });
});
