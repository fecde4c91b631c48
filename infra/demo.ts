/**
 * Non-production stages only: a small versioned function with a "production" alias behind a
 * CloudFront distribution, declared to Ripcord as the "demo" service, so a stage can show a full
 * rollback (alarm, verdict, shift, invalidation, notification) without touching a real service.
 */
import { SERVICE_TAG, STAGE_TAG } from "./permissions.ts";
import { DEMO_ALIAS, DEMO_SERVICE } from "./stage-config.ts";

/** CloudFront's managed policies: cache by default TTLs; forward everything but Host to the function URL. */
const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

export function createDemo() {
  const functionName = `ripcord-${$app.stage}-demo`;
  const fn = new sst.aws.Function("DemoFunction", {
    name: functionName,
    runtime: "nodejs22.x",
    architecture: "arm64",
    handler: "infra/demo/handler.handler",
    memory: "128 MB",
    timeout: "10 seconds",
    nodejs: { format: "esm", minify: true },
    // Every deploy with a changed environment or code publishes a version the alias then serves.
    versioning: true,
    // Ripcord's Lambda grants reach only functions tagged with its stage (infra/permissions.ts).
    tags: { [STAGE_TAG]: $app.stage, [SERVICE_TAG]: DEMO_SERVICE },
    environment: {
      DEMO_FAILURE_RATE: process.env.RIPCORD_DEMO_FAILURE_RATE ?? "0",
      DEMO_DELAY_MS: process.env.RIPCORD_DEMO_DELAY_MS ?? "0",
    },
  });

  const alias = new aws.lambda.Alias("DemoAlias", {
    name: DEMO_ALIAS,
    functionName: fn.name,
    functionVersion: fn.nodes.function.version,
  });

  // The URL is reachable only through CloudFront, which signs its requests (origin access control).
  const url = new aws.lambda.FunctionUrl("DemoUrl", {
    functionName: fn.name,
    qualifier: alias.name,
    authorizationType: "AWS_IAM",
  });

  const originAccess = new aws.cloudfront.OriginAccessControl("DemoOriginAccess", {
    name: `ripcord-${$app.stage}-demo`,
    originAccessControlOriginType: "lambda",
    signingBehavior: "always",
    signingProtocol: "sigv4",
  });

  const distribution = new aws.cloudfront.Distribution("DemoDistribution", {
    enabled: true,
    comment: `Ripcord demo (${$app.stage})`,
    priceClass: "PriceClass_100",
    origins: [
      {
        originId: "demo",
        domainName: url.functionUrl.apply((value) => new URL(value).host),
        originAccessControlId: originAccess.id,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: "https-only",
          originSslProtocols: ["TLSv1.2"],
        },
      },
    ],
    defaultCacheBehavior: {
      targetOriginId: "demo",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD", "OPTIONS"],
      cachedMethods: ["GET", "HEAD"],
      cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
      originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
      compress: true,
    },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { cloudfrontDefaultCertificate: true },
  });

  // Function URLs behind OAC need both permissions, each limited to this distribution.
  for (const action of ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"] as const) {
    new aws.lambda.Permission(
      `DemoFrom${action === "lambda:InvokeFunctionUrl" ? "Url" : "Invoke"}`,
      {
        action,
        function: fn.name,
        qualifier: alias.name,
        principal: "cloudfront.amazonaws.com",
        sourceArn: distribution.arn,
      },
    );
  }

  return {
    functionName,
    distributionId: distribution.id,
    url: $interpolate`https://${distribution.domainName}`,
  };
}

export type Demo = ReturnType<typeof createDemo>;
