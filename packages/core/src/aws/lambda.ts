import {
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  paginateListVersionsByFunction,
  UpdateAliasCommand,
  type AliasConfiguration,
} from "@aws-sdk/client-lambda";
import { AliasMovedError, NotFoundError } from "../errors/index.ts";
import { awsCall, type Translate } from "./failure.ts";
import { pacedLambda } from "./lambda-client.ts";
import { paced } from "./lambda-pacing.ts";

export interface AliasState {
  version: string;
  /** Lambda's AdditionalVersionWeights ({} when none). */
  weights: Record<string, number>;
  revisionId: string;
}

export interface VersionState {
  version: string;
  /** "Active", "Pending", "Inactive" or "Failed" ("Unknown" if Lambda did not say). */
  state: string;
  /** "Successful", "InProgress" or "Failed" ("Unknown" if Lambda did not say). */
  lastUpdateStatus: string;
}

export interface UpdateAliasInput {
  fn: string;
  alias: string;
  version: string;
  /** The RevisionId read before the decision: the write fails if the alias changed since. */
  revisionId: string;
}

const notFound =
  (what: string): Translate =>
  (name, error) =>
    name === "ResourceNotFoundException"
      ? new NotFoundError(`${what} does not exist`, { cause: error })
      : undefined;

function aliasState(fn: string, alias: string, output: AliasConfiguration): AliasState {
  if (!output.FunctionVersion || !output.RevisionId) {
    throw new NotFoundError(`alias ${fn}:${alias} came back without a version or revision`);
  }
  const weights: Record<string, number> = {};
  for (const [version, weight] of Object.entries(
    output.RoutingConfig?.AdditionalVersionWeights ?? {},
  )) {
    if (typeof weight === "number") weights[version] = weight;
  }
  return { version: output.FunctionVersion, weights, revisionId: output.RevisionId };
}

export async function getAlias(fn: string, alias: string): Promise<AliasState> {
  const output = await awsCall(
    "Lambda GetAlias",
    () =>
      paced("controlPlane", () =>
        pacedLambda().send(new GetAliasCommand({ FunctionName: fn, Name: alias })),
      ),
    notFound(`alias ${fn}:${alias}`),
  );
  return aliasState(fn, alias, output);
}

export async function getVersion(fn: string, version: string): Promise<VersionState> {
  const output = await awsCall(
    "Lambda GetFunctionConfiguration",
    () =>
      paced("controlPlane", () =>
        pacedLambda().send(
          new GetFunctionConfigurationCommand({ FunctionName: fn, Qualifier: version }),
        ),
      ),
    notFound(`version ${version} of ${fn}`),
  );
  return {
    version: output.Version ?? version,
    // Never assume Active: Shift only moves an alias to a version Lambda says is Active.
    state: output.State ?? "Unknown",
    lastUpdateStatus: output.LastUpdateStatus ?? "Unknown",
  };
}

/**
 * The same state through GetFunction, which has a quota of its own (100/s) apart from the
 * control plane's 15/s: Shift checks its targets this way so the check costs none of the budget
 * its UpdateAlias calls need.
 */
export async function getFunctionVersion(fn: string, version: string): Promise<VersionState> {
  const output = await awsCall(
    "Lambda GetFunction",
    () =>
      paced("getFunction", () =>
        pacedLambda().send(new GetFunctionCommand({ FunctionName: fn, Qualifier: version })),
      ),
    notFound(`version ${version} of ${fn}`),
  );
  const config = output.Configuration;
  return {
    version: config?.Version ?? version,
    state: config?.State ?? "Unknown",
    lastUpdateStatus: config?.LastUpdateStatus ?? "Unknown",
  };
}

/** Published versions, oldest first ($LATEST is not a version). */
export async function listVersions(fn: string): Promise<string[]> {
  const versions: string[] = [];
  await awsCall(
    "Lambda ListVersionsByFunction",
    async () => {
      // Each page is a control-plane call: paced like the others.
      const pages = paginateListVersionsByFunction({ client: pacedLambda() }, { FunctionName: fn });
      for (;;) {
        const next = await paced("controlPlane", () => pages.next());
        if (next.done) break;
        const page = next.value;
        for (const entry of page.Versions ?? []) {
          if (entry.Version && entry.Version !== "$LATEST") versions.push(entry.Version);
        }
      }
    },
    notFound(`function ${fn}`),
  );
  return versions.sort((a, b) => Number(a) - Number(b));
}

/**
 * Points the alias at `version` for all traffic. The weights are cleared explicitly: leaving
 * RoutingConfig out would keep a canary's weights. RevisionId makes it a compare-and-swap, so a
 * deploy that moved the alias since it was read is never overwritten.
 */
export async function updateAlias(input: UpdateAliasInput): Promise<AliasState> {
  const output = await awsCall(
    "Lambda UpdateAlias",
    () =>
      paced("controlPlane", () =>
        pacedLambda().send(
          new UpdateAliasCommand({
            FunctionName: input.fn,
            Name: input.alias,
            FunctionVersion: input.version,
            RoutingConfig: { AdditionalVersionWeights: {} },
            RevisionId: input.revisionId,
          }),
        ),
      ),
    (name, error) => {
      if (name === "PreconditionFailedException") {
        return new AliasMovedError(
          `alias ${input.fn}:${input.alias} changed since it was read (revision ${input.revisionId})`,
          { cause: error },
        );
      }
      return notFound(`alias ${input.fn}:${input.alias}`)(name, error);
    },
  );
  return aliasState(input.fn, input.alias, output);
}
