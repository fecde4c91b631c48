import { expect, test } from "vitest";
import { platformPath } from "./support/platform.ts";

test("a missing SST platform fails with the command that generates it", () => {
  expect(() => platformPath("node_modules", "@pulumi", "no-such-sdk")).toThrow(
    "Run `SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 npx sst install --stage ci` at the repository root",
  );
});
