import { describe, expect, it } from "vitest";
import * as Notify from "@ripcord/core/notify";
import { SOURCES, type SignalSource } from "@ripcord/core/signals";
import type { RollbackState } from "@ripcord/core/state";
import * as States from "./states.ts";

/*
 * Notifications word the error measure after the service's signal source (docs/design.md
 * "Signals"): the decision carries the source it read, and the message names what it measured.
 */

/** The rolled-back run, its decisions taken on `signal`'s metrics. */
function decidedOn(signal: SignalSource): RollbackState {
  const state = States.rollbackShifted;
  if (!state.verify) throw new Error("the fixture state has no verification");
  return {
    ...state,
    verify: {
      ...state.verify,
      decisions: state.verify.decisions.map((decision) => ({ ...decision, signal })),
    },
  };
}

function render(state: RollbackState): Notify.Message {
  return Notify.render("shifted", state, { links: {} });
}

describe("the error measure in a notification", () => {
  it.each([
    ["url", "HTTP 5xx rate"],
    ["emf", "HTTP 5xx rate"],
    ["lambda", "Lambda errors"],
  ] as const)("is named after the %s source: %s", (signal, wording) => {
    // Act
    const message = render(decidedOn(signal));

    // Assess: the source's own words, in the text, the Slack blocks and the webhook's JSON.
    expect(SOURCES[signal].errorWording).toBe(wording);
    expect(message.text).toContain(
      `Trigger: alarm ripcord-prod-checkout-checkout-api-error-rate (${wording} of checkout-api)`,
    );
    expect(message.text).toContain(
      `Metric: ${wording} of checkout-api version 3: 7.50% (90 of 1,200 requests)`,
    );
    expect(JSON.stringify(message.blocks)).toContain(`${wording} of checkout-api version 3`);
    expect(message.payload.metric?.signal).toBe(signal);
    expect(message.text).not.toContain("error rate of");
  });

  it('stays "error rate" for a decision recorded without its source', () => {
    const message = render(States.rollbackShifted);

    expect(message.text).toContain("Metric: error rate of checkout-api version 3");
    expect(message.payload.metric).not.toHaveProperty("signal");
  });
});
