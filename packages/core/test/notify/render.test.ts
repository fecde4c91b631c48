import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as Notify from "@ripcord/core/notify";
import { CASES, LINK_ENV, type RenderCase } from "./cases.ts";
import * as States from "./states.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8");
}

function renderCase({ phase, state }: RenderCase): Notify.Message {
  return Notify.render(phase, state, { links: Notify.linksFor(state.id, LINK_ENV) });
}

describe("notification rendering against the frozen fixtures", () => {
  it.each(CASES)(
    "$name: text, subject, attributes, Slack blocks and webhook payload",
    (renderCase_) => {
      // Prepare
      const expectedText = fixture(`${renderCase_.name}.txt`);
      const expectedJson: unknown = JSON.parse(fixture(`${renderCase_.name}.json`));

      // Act
      const message = renderCase(renderCase_);

      // Assess
      expect(`${message.text}\n`).toBe(expectedText);
      expect({
        subject: message.subject,
        attributes: message.attributes,
        blocks: message.blocks,
        payload: message.payload,
      }).toEqual(expectedJson);
    },
  );
});

describe("what a rollback message says", () => {
  it("names the service and the verdict in the title, the versions, the metric with threshold, baseline and p-value, the timeline and the links", () => {
    const message = Notify.render("shifted", States.rollbackShifted, {
      links: Notify.linksFor(States.rollbackShifted.id, LINK_ENV),
    });

    expect(message.subject).toBe("[checkout] Rolled back checkout-api 3 -> 2");
    expect(message.text).toContain("checkout-api:production 3 -> 2");
    expect(message.text).toContain("7.50% (90 of 1,200 requests)");
    expect(message.text).toContain("threshold 5%");
    expect(message.text).toContain("baseline (version 2) 0.40% (96 of 24,000 requests)");
    expect(message.text).toContain("p-value: 2.70e-68");
    expect(message.text).toMatch(
      /Timeline:\n {2}14:00:00Z {2}alarm .* entered ALARM\n {2}14:00:01Z {2}verified: rollback\n {2}14:00:01Z {2}shifted/,
    );
    expect(message.text).toContain(
      "Execution: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/arn:aws:states:eu-west-1:123456789012:execution:ripcord-prod-rollback:ripcord-prod-checkout-api-error-rate-1795788000",
    );
    expect(message.text).toContain(
      "Status page: https://ripcord.example.com/rollbacks/ripcord-prod-checkout-api-error-rate-1795788000",
    );
    expect(message.attributes).toEqual({
      service: "checkout",
      phase: "shifted",
      outcome: "rolled-back",
      verdict: "rollback",
      rollbackId: "ripcord-prod-checkout-api-error-rate-1795788000",
    });
  });

  it("escapes Slack's control characters in what people and alarms wrote, and keeps its link syntax", () => {
    const message = Notify.render("shifted", States.manualShifted, {
      links: Notify.linksFor(States.manualShifted.id, LINK_ENV),
    });

    const mrkdwn = message.blocks.flatMap((block) =>
      block.type === "header"
        ? []
        : block.type === "context"
          ? block.elements
          : "fields" in block
            ? block.fields
            : [block.text],
    );
    const texts = mrkdwn.map((element) => element.text).join("\n");
    expect(texts).toContain("checkout &lt;total&gt; shows 0 &amp; the cart is empty");
    expect(texts).not.toContain("<total>");
    expect(texts).toContain("|Status page>");
    expect(message.text).toContain("checkout <total> shows 0 & the cart is empty");
  });

  it("keeps every block within Block Kit's limits, however long the reason", () => {
    const longReason = "x".repeat(5000);
    const state = {
      ...States.holdNotWorse,
      verify: States.holdNotWorse.verify && { ...States.holdNotWorse.verify, reason: longReason },
    };

    const message = Notify.render("held", state);

    for (const block of message.blocks) {
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === "section" && "text" in block)
        expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === "section" && "fields" in block)
        for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    expect(message.text).toContain(longReason);
  });

  it("has no links when the environment gives none", () => {
    const message = Notify.render("shifted", States.rollbackShifted, {
      links: Notify.linksFor(States.rollbackShifted.id, {}),
    });

    expect(message.text).not.toContain("Execution:");
    expect(message.text).not.toContain("Status page:");
    expect(message.payload.links).toEqual({});
  });
});

describe("links", () => {
  it("builds the execution's console page from the state machine ARN, in its region and partition", () => {
    expect(
      Notify.executionConsoleUrl("arn:aws:states:us-east-2:123456789012:stateMachine:rc", "run-1"),
    ).toBe(
      "https://us-east-2.console.aws.amazon.com/states/home?region=us-east-2#/v2/executions/details/arn:aws:states:us-east-2:123456789012:execution:rc:run-1",
    );
    expect(
      Notify.executionConsoleUrl(
        "arn:aws-cn:states:cn-north-1:123456789012:stateMachine:rc",
        "run-1",
      ),
    ).toMatch(/^https:\/\/console\.amazonaws\.cn\/states\/home\?region=cn-north-1#/);
    expect(
      Notify.executionConsoleUrl("arn:aws:lambda:us-east-1:123456789012:function:rc", "run-1"),
    ).toBeUndefined();
  });

  it("puts the status page under RIPCORD_STATUS_URL and never repeats credentials found in it", () => {
    expect(
      Notify.statusPageUrl("https://ops:hunter2@status.example.com/ripcord/?token=abc", "run 1"),
    ).toBe("https://status.example.com/ripcord/rollbacks/run%201");
    expect(Notify.statusPageUrl("ftp://status.example.com", "run-1")).toBeUndefined();
    expect(Notify.statusPageUrl("not a url", "run-1")).toBeUndefined();
  });
});
