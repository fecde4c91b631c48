import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
} from "@aws-sdk/client-cloudfront";
import { NotFoundError, RipcordError } from "../errors/index.ts";
import { clientConfig, lazyClient } from "./clients.ts";
import { awsCall, type Translate } from "./failure.ts";

const cloudFront = /* @__PURE__ */ lazyClient(() => new CloudFrontClient(clientConfig()));

export interface InvalidationState {
  id: string;
  /** "InProgress" or "Completed" (AWS's spelling, whatever the endpoint's case). */
  status: string;
}

// moto writes "COMPLETED"; callers compare with AWS's "Completed".
function normalizedStatus(status: string): string {
  const known = ["InProgress", "Completed"].find(
    (name) => name.toLowerCase() === status.toLowerCase(),
  );
  return known ?? status;
}

const notFound =
  (distributionId: string): Translate =>
  (name, error) => {
    if (name === "NoSuchDistribution")
      return new NotFoundError(`CloudFront distribution ${distributionId} does not exist`, {
        cause: error,
      });
    if (name === "NoSuchInvalidation")
      return new NotFoundError(`invalidation not found on distribution ${distributionId}`, {
        cause: error,
      });
    return undefined;
  };

/**
 * Starts an invalidation. `callerReference` makes it idempotent: a retry with the same reference
 * returns the invalidation already created instead of starting another.
 */
export async function createInvalidation(
  distributionId: string,
  paths: string[],
  callerReference: string,
): Promise<InvalidationState> {
  const output = await awsCall(
    "CloudFront CreateInvalidation",
    () =>
      cloudFront().send(
        new CreateInvalidationCommand({
          DistributionId: distributionId,
          InvalidationBatch: {
            CallerReference: callerReference,
            Paths: { Quantity: paths.length, Items: paths },
          },
        }),
      ),
    notFound(distributionId),
  );
  const invalidation = output.Invalidation;
  if (!invalidation?.Id || !invalidation.Status) {
    throw new RipcordError(
      `CloudFront CreateInvalidation on ${distributionId} returned no invalidation id`,
    );
  }
  return { id: invalidation.Id, status: normalizedStatus(invalidation.Status) };
}

/** The invalidation's status: "InProgress" or "Completed". */
export async function getInvalidation(distributionId: string, id: string): Promise<string> {
  const output = await awsCall(
    "CloudFront GetInvalidation",
    () => cloudFront().send(new GetInvalidationCommand({ DistributionId: distributionId, Id: id })),
    notFound(distributionId),
  );
  const status = output.Invalidation?.Status;
  if (!status)
    throw new RipcordError(
      `CloudFront GetInvalidation ${id} on ${distributionId} returned no status`,
    );
  return normalizedStatus(status);
}
