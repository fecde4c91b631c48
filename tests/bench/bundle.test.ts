import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleSource } from "../../bench/coldstart/bundle.ts";

const dir = mkdtempSync(path.join(tmpdir(), "ripcord-bundle-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// One client imported statically, another only through import(): what the API does with its lazy routes.
const SOURCE = `import { LambdaClient } from "@aws-sdk/client-lambda";
export const handler = async () => {
  const { SNSClient } = await import("@aws-sdk/client-sns");
  return [new LambdaClient({}), new SNSClient({})].length;
};
`;

describe("bundling as SST does", () => {
  it("with splitting, writes bundle.mjs and counts only the statically imported chunks as loaded", async () => {
    // Act
    const bundle = await bundleSource(SOURCE, path.join(dir, "split.mjs"), { splitting: true });

    // Assess
    expect(bundle.file).toBe(path.join(dir, "split", "bundle.mjs"));
    expect(existsSync(bundle.file)).toBe(true);
    expect(bundle.sdkClients).toEqual(["@aws-sdk/client-lambda", "@aws-sdk/client-sns"]);
    expect(bundle.staticSdkClients).toEqual(["@aws-sdk/client-lambda"]);
    expect(bundle.staticBytes).toBeLessThan(bundle.bytes);
  });

  it("without splitting, one file that is loaded whole", async () => {
    // Act
    const bundle = await bundleSource(SOURCE, path.join(dir, "one.mjs"));

    // Assess
    expect(bundle.file).toBe(path.join(dir, "one.mjs"));
    expect(bundle.staticBytes).toBe(bundle.bytes);
    expect(bundle.staticSdkClients).toEqual(bundle.sdkClients);
  });
});
