import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../src/lib/logger.ts";

describe("the logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one JSON line per event and never a secret, however deep", () => {
    // Prepare
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));

    // Act
    log.info("delivered", {
      channel: "slack",
      token: "xoxb-secret",
      nested: {
        webhookUrl: "https://hooks.slack.com/services/T/B/secret",
        Authorization: "Bearer abc",
      },
      list: [{ password: "hunter2", ok: true }],
    });

    // Assess
    expect(lines).toHaveLength(1);
    const entry: unknown = JSON.parse(lines[0] ?? "");
    expect(entry).toEqual({
      level: "info",
      message: "delivered",
      channel: "slack",
      token: "[redacted]",
      nested: { webhookUrl: "[redacted]", Authorization: "[redacted]" },
      list: [{ password: "[redacted]", ok: true }],
    });
    expect(lines[0]).not.toMatch(/secret|hunter2|abc/);
  });

  it("sends errors to stderr with the error's name and message, not its stack", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));

    log.error("shift failed", { error: new TypeError("boom") });

    expect(JSON.parse(lines[0] ?? "")).toEqual({
      level: "error",
      message: "shift failed",
      error: { name: "TypeError", message: "boom" },
    });
  });
});
