import { ConfigError } from "@ripcord/core/errors";
import { describe, expect, it } from "vitest";
import { apiToken, localToken } from "../src/token.ts";

const TOKEN = "local-token-0123456789abcdef";

describe("the sandbox's API token", () => {
  it("uses RIPCORD_TOKEN locally, or generates a token when it is unset", () => {
    // Act
    const given = localToken({ RIPCORD_TOKEN: TOKEN });
    const generated = localToken({});

    // Assess
    expect(given).toEqual({
      entry: { name: "local", scope: "write", token: TOKEN },
      generated: false,
    });
    expect(generated.generated).toBe(true);
    expect(generated.entry.token.length).toBeGreaterThanOrEqual(16);
  });

  it("refuses a RIPCORD_TOKEN the API's rules refuse, saying how to fix it and not echoing it", () => {
    // Act
    const tooShort = () => apiToken({ RIPCORD_TOKEN: "short-secret" });

    // Assess
    expect(tooShort).toThrow(ConfigError);
    expect(tooShort).toThrow(/RIPCORD_TOKEN is invalid[\s\S]*16 to 512 characters/);
    expect(tooShort).not.toThrow("short-secret");
  });
});
