import { describe, expect, it } from "vitest";
import * as Config from "@ripcord/core/config";
import { ConfigError } from "@ripcord/core/errors";

const service = (notify: Record<string, unknown>) => ({
  services: {
    checkout: { signal: "lambda" as const, functions: [{ name: "checkout-api" }], notify },
  },
});

describe("per-service notification routing in ripcord.config.ts", () => {
  it("keeps a config without notify settings valid, with the defaults as before", () => {
    const config = Config.defineConfig({
      services: { checkout: { signal: "lambda", functions: [{ name: "checkout-api" }] } },
    });

    expect(config.services.checkout?.notify).toEqual({ sns: true, slack: false });
  });

  it("takes a Slack channel for the bot as an id or a #name", () => {
    expect(
      Config.defineConfig(service({ slack: true, slackChannel: "C0123ABCD" })).services.checkout
        ?.notify.slackChannel,
    ).toBe("C0123ABCD");
    expect(
      Config.defineConfig(service({ slack: true, slackChannel: "#checkout-alerts" })).services
        .checkout?.notify.slackChannel,
    ).toBe("#checkout-alerts");
  });

  it("refuses a Slack channel that is neither, naming the field", () => {
    expect(() =>
      Config.defineConfig(service({ slack: true, slackChannel: "checkout alerts" })),
    ).toThrow(ConfigError);
    expect(() =>
      Config.defineConfig(service({ slack: true, slackChannel: "checkout alerts" })),
    ).toThrow(/services\.checkout\.notify\.slackChannel/);
  });
});
