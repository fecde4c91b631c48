/**
 * The function URL, on the alias instead of on `$LATEST`. Mirrors `createUrl` and `normalizeUrl`
 * in `.sst/platform/src/components/aws/function.ts` (SST 4.17.1) but for the `qualifier`, which
 * SST leaves unset (the URL then serves `$LATEST`, so moving an alias would change nothing).
 */
import type * as aws from "@pulumi/aws";
import type { Input, Output, Resource } from "@pulumi/pulumi";
import { toSeconds } from "./duration.ts";
import { awsSdk, pulumiSdk } from "./providers.ts";
import type { GuardCorsArgs } from "./types.ts";

type Cors = aws.types.input.lambda.FunctionUrlCors;

// `normalizeUrl`'s default: CORS on, every header, method and origin.
const DEFAULT_CORS = { allowHeaders: ["*"], allowMethods: ["*"], allowOrigins: ["*"] };

/** `normalizeUrl`: `false` turns CORS off, `true`/unset is the default, an object is merged in. */
export function normalizeCors(
  cors: Input<boolean | GuardCorsArgs> | undefined,
): Output<Cors | undefined> {
  return pulumiSdk()
    .output(cors)
    .apply((value): Cors | undefined => {
      if (value === false) return undefined;
      if (value === true || value === undefined) return DEFAULT_CORS;
      const { maxAge, ...rest } = value;
      return {
        ...DEFAULT_CORS,
        ...rest,
        maxAge: maxAge === undefined ? undefined : toSeconds(maxAge),
      };
    });
}

export interface FunctionUrlInput {
  functionName: Input<string>;
  alias: Input<string>;
  /** `createUrl`'s `isIam`: an OAC-protected Router or `authorization: "iam"`. */
  isIam: Output<boolean>;
  streaming: Output<boolean>;
  cors: Output<Cors | undefined>;
}

export function createFunctionUrl(
  name: string,
  input: FunctionUrlInput,
  parent: Resource,
): aws.lambda.FunctionUrl {
  return new (awsSdk().lambda.FunctionUrl)(
    `${name}Url`,
    {
      functionName: input.functionName,
      qualifier: input.alias,
      authorizationType: input.isIam.apply((isIam) => (isIam ? "AWS_IAM" : "NONE")),
      invokeMode: input.streaming.apply((streaming) =>
        streaming ? "RESPONSE_STREAM" : "BUFFERED",
      ),
      cors: optional(input.cors),
    },
    { parent },
  );
}

/**
 * An optional input that may resolve to nothing: Pulumi sends an Output of `undefined` as an
 * absent property (SST passes its `cors` so), but its types want an `Output<T>`.
 */
function optional<T>(value: Output<T | undefined>): Input<T> {
  return value as Output<T>;
}
