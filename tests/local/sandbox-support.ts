import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LambdaClient, GetAliasCommand } from "@aws-sdk/client-lambda";
import * as z from "zod";

/** The labelled scenarios: the repository's own fixtures. */
export const SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/labelled/", import.meta.url));

const Scenario = z.object({
  name: z.string(),
  expect: z.enum(["rollback", "hold"]),
  expectVersion: z.string().optional(),
  function: z.string(),
  alias: z.string(),
  releases: z.array(z.object({ version: z.string(), weight: z.number().optional() })),
});
export type Scenario = z.output<typeof Scenario> & { path: string; file: string };

export function scenarios(): Scenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => {
      const path = `${SCENARIO_DIR}${file}`;
      return { ...Scenario.parse(JSON.parse(readFileSync(path, "utf8"))), path, file };
    });
}

/** Where the file says the alias stands before anything happens: the last release (a canary beside the last full one). */
export function routingBefore(scenario: Scenario): {
  version: string;
  weights: Record<string, number>;
} {
  const last = scenario.releases.at(-1);
  if (!last) throw new Error(`${scenario.file} has no release`);
  if (last.weight === undefined) return { version: last.version, weights: {} };
  const primary = scenario.releases.filter((r) => r.weight === undefined).at(-1);
  if (!primary) throw new Error(`${scenario.file}: a canary without a full release before it`);
  return { version: primary.version, weights: { [last.version]: last.weight } };
}

/** The alias as another client sees it: the SDK's Lambda client pointed at the endpoint, nothing of Ripcord's. */
export async function aliasAt(
  endpoint: string,
  fn: string,
  alias: string,
): Promise<{ version: string; weights: Record<string, number> }> {
  const client = new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  try {
    const found = await client.send(new GetAliasCommand({ FunctionName: fn, Name: alias }));
    return {
      version: found.FunctionVersion ?? "",
      weights: { ...found.RoutingConfig?.AdditionalVersionWeights },
    };
  } finally {
    client.destroy();
  }
}

/** Empties a moto server (all services), so the next replay finds a fresh endpoint. */
export async function resetMoto(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
}
