import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { baseEnvironment } from "../../infra/environment.ts";

/*
 * infra/*.ts runs only under SST (its globals), so the reconciler's environment is checked in the
 * source: re-checks fail every tick with a ConfigError if a variable they read is not passed.
 */

function source(file: string): string {
  return readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
}

/** The body of `function name(...) { ... }` up to its closing brace at column 0. */
function functionBody(text: string, name: string): string {
  const start = text.indexOf(`function ${name}(`);
  expect(start, `function ${name}`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf("\n}\n", start));
}

describe("the reconciler's environment", () => {
  it("carries every variable a re-check reads: alarm prefix, latency statistic, table, state machine; and the bundled config", () => {
    // Prepare
    const reconciler = functionBody(source("infra/reconciler.ts"), "createReconciler");
    const base = Object.keys(baseEnvironment({ tableName: "t", topicArn: "a", alarmPrefix: "p" }));
    const secrets = functionBody(source("infra/secrets.ts"), "notificationSecrets");

    // Act
    const passed = [
      ...(reconciler.includes("...args.workflow.environment") ? base : []),
      ...(reconciler.includes("...notificationSecrets(args.secrets)")
        ? [...secrets.matchAll(/\b(RIPCORD_[A-Z_]+):/g)].map((m) => m[1])
        : []),
    ];

    // Assess
    expect(reconciler).toContain("config: args.config.json");
    for (const variable of [
      "RIPCORD_TABLE",
      "RIPCORD_ALARM_PREFIX",
      "RIPCORD_LATENCY_STATISTIC",
      "RIPCORD_STATE_MACHINE_ARN",
    ]) {
      expect(passed).toContain(variable);
    }
  });
});
