/**
 * Who may invoke the alias URL. The same permissions, names and conditions as SST derives in
 * `createUrl` (`.sst/platform/src/components/aws/function.ts`, SST 4.17.1), each one scoped to the
 * alias with `qualifier`, where SST's apply to the unqualified function:
 *
 * - no Router, `authorization: "none"`: `PublicFunctionUrlAccess` (InvokeFunctionUrl, `*`,
 *   `functionUrlAuthType: "NONE"`) and `InvokeFunction` (InvokeFunction, `*`,
 *   `invokedViaFunctionUrl: true`);
 * - an OAC-protected Router (`"oac"` or `"oac-with-edge-signing"`) with a distribution:
 *   `CloudFrontFunctionUrlAccess` and `CloudFrontInvokeFunction`, both to
 *   `cloudfront.amazonaws.com` with the distribution as `sourceArn`, the second only via the URL;
 * - an unprotected Router, `authorization: "none"`: `PublicFunctionUrlAccess` and
 *   `PublicInvokeFunction`, as without a Router;
 * - `authorization: "iam"` otherwise: none (the caller's own IAM policy grants it).
 *
 * Since October 2025 a function URL also needs `lambda:InvokeFunction` (limited by
 * `lambda:InvokedViaFunctionUrl`) next to `lambda:InvokeFunctionUrl`, hence the pairs.
 */
export interface PermissionSituation {
  /** Whether the URL is served through a Router. */
  routed: boolean;
  /** The Router's protection is `"oac"` or `"oac-with-edge-signing"`. */
  oac: boolean;
  authorization: "none" | "iam";
  /** The Router's distribution ARN; undefined without a Router. */
  distributionArn: string | undefined;
}

export interface PermissionSpec {
  /** Appended to guard's name, as SST appends it to the function's. */
  suffix: string;
  action: "lambda:InvokeFunctionUrl" | "lambda:InvokeFunction";
  principal: string;
  functionUrlAuthType?: "NONE";
  invokedViaFunctionUrl?: true;
  sourceArn?: string;
}

export function permissionPlan(situation: PermissionSituation): PermissionSpec[] {
  const publicAccess: PermissionSpec = {
    suffix: "PublicFunctionUrlAccess",
    action: "lambda:InvokeFunctionUrl",
    principal: "*",
    functionUrlAuthType: "NONE",
  };
  if (!situation.routed) {
    if (situation.authorization !== "none") return [];
    return [
      publicAccess,
      {
        suffix: "InvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
      },
    ];
  }
  // SST's own condition: `oac && distributionArn`, then `authorization === "none"`.
  if (situation.oac && situation.distributionArn) {
    return [
      {
        suffix: "CloudFrontFunctionUrlAccess",
        action: "lambda:InvokeFunctionUrl",
        principal: "cloudfront.amazonaws.com",
        sourceArn: situation.distributionArn,
      },
      {
        suffix: "CloudFrontInvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "cloudfront.amazonaws.com",
        sourceArn: situation.distributionArn,
        invokedViaFunctionUrl: true,
      },
    ];
  }
  if (situation.authorization === "none") {
    return [
      publicAccess,
      {
        suffix: "PublicInvokeFunction",
        action: "lambda:InvokeFunction",
        principal: "*",
        invokedViaFunctionUrl: true,
      },
    ];
  }
  return [];
}
