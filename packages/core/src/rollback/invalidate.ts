import { CloudFront } from "../aws/index.ts";
import type { InvalidationResult, Resolved } from "../state/index.ts";

/** Invalidate: one CreateInvalidation for the service's paths; the caller reference makes a retry reuse it. */
export async function invalidate(id: string, resolved: Resolved): Promise<InvalidationResult> {
  const cloudfront = resolved.cloudfront;
  if (!cloudfront)
    throw new Error("Invalidate ran for a service without a CloudFront distribution");
  const created = await CloudFront.createInvalidation(
    cloudfront.distributionId,
    cloudfront.paths,
    id,
  );
  return {
    id: created.id,
    status: created.status,
    done: created.status === "Completed",
    checks: 0,
  };
}

/** CheckInvalidation: reads its status; after `maxChecks` Ripcord stops waiting and says so. */
export async function checkInvalidation(
  invalidation: InvalidationResult,
  resolved: Resolved,
  maxChecks: number,
): Promise<InvalidationResult> {
  const cloudfront = resolved.cloudfront;
  if (!cloudfront)
    throw new Error("CheckInvalidation ran for a service without a CloudFront distribution");
  const status = await CloudFront.getInvalidation(cloudfront.distributionId, invalidation.id);
  const checks = invalidation.checks + 1;
  return {
    id: invalidation.id,
    status,
    done: status === "Completed" || checks >= maxChecks,
    checks,
  };
}
