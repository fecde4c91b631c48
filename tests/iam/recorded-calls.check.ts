import { beforeAll, describe, expect, it } from "vitest";
import {
  FUNCTION_GRANTS,
  SERVICE_USED_GRANTS,
  statementsOf,
  type Grant,
  type RipcordFunction,
} from "../../infra/permissions.ts";
import { evaluate, followsTemplate, resourceType, sarAction } from "../support/iam.ts";
import { recordedRun, type CheckedCall, type RecordedRun } from "./recorded-calls.ts";

/*
 * The IAM check over the calls the code really makes: every AWS call the test suite recorded
 * (each handler signing with its own role's key) is evaluated, with AWS's authorization data, as
 * IAM would evaluate it against that role's policy as infra renders it. It runs after the whole
 * suite (the vitest project "iam" runs in a later group than every other), over the
 * run's folder in test-output/aws-calls/.
 *
 * - every authorisation a call needs (infra/authorization.ts, citing each API's reference) names
 *   an ARN that follows the SAR's template for the action's resource type strictly (for a
 *   qualified Lambda call, the `function version` / `function alias` templates the table names);
 * - the role's policy allows it (iam-simulate), the function's tags included;
 * - without any one of a role's grants, some recorded call of that role is denied: the grants
 *   follow the calls, no more.
 */

let run: RecordedRun;

/** Each call's authorisations, allowed by the statements of `grants` in the call's stage? */
async function allowedWith(grants: readonly Grant[], call: CheckedCall): Promise<boolean> {
  const statements = statementsOf(grants, call.ctx);
  for (const { action, resource } of call.authorizations) {
    const decision = await evaluate(statements, {
      action,
      resource,
      ...(call.tags && { resourceTags: call.tags }),
    });
    if (decision !== "Allowed") return false;
  }
  return true;
}

function describeCall(call: CheckedCall): string {
  return `${call.role} ${call.operation} ${JSON.stringify(call.authorizations)} tags ${JSON.stringify(call.tags ?? null)}`;
}

const ROLES = Object.keys(FUNCTION_GRANTS) as RipcordFunction[];

const REMOVABLE = ROLES.flatMap((role) =>
  FUNCTION_GRANTS[role]
    .filter((grant) => !SERVICE_USED_GRANTS.includes(grant))
    .map((grant) => ({ role, grant })),
);

describe("every AWS call the suite recorded, against its role's policy", () => {
  beforeAll(() => {
    run = recordedRun();
    const operations = new Set(run.calls.map((call) => `${call.role} ${call.operation}`));
    console.log(
      `IAM check: ${run.recorded} calls recorded; ${run.calls.length} distinct calls of Ripcord's roles, ` +
        `${operations.size} role-operation pairs, ${new Set(run.calls.map((c) => c.operation)).size} operations`,
    );
  });

  it("were recorded, each signed by a Ripcord role or the harness, each operation in the authorisation table", () => {
    expect(run.calls.length, "run the whole suite first (npm test)").toBeGreaterThan(0);
    expect(run.unknownRoles).toEqual([]);
    expect(run.unreadable).toEqual([]);
  });

  it("name ARNs that follow the SAR's templates strictly", async () => {
    const problems: string[] = [];
    for (const call of run.calls) {
      for (const { action, resource, resourceTypes } of call.authorizations) {
        if (resource === "*") {
          const { resourceTypes: types } = await sarAction(action);
          if (types.some((type) => type.required)) problems.push(`${describeCall(call)}: "*"`);
          continue;
        }
        const service = action.split(":")[0] ?? "";
        const templates = resourceTypes
          ? await Promise.all(resourceTypes.map((name) => resourceType(service, name)))
          : (await sarAction(action)).resourceTypes;
        if (!templates.some((type) => followsTemplate(resource, type.arn))) {
          problems.push(
            `${describeCall(call)}: ${resource} follows none of ${templates.map((t) => t.arn).join(", ")}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("are allowed by their role's policy, tag conditions included", async () => {
    const denied: string[] = [];
    for (const call of run.calls) {
      if (!(await allowedWith(FUNCTION_GRANTS[call.role], call))) denied.push(describeCall(call));
    }
    expect(denied).toEqual([]);
  });

  it("stay within CloudWatch's per-call limits (100 alarm names, 500 metric queries)", () => {
    for (const { call } of run.calls) {
      const names = call.input.AlarmNames;
      if (Array.isArray(names)) expect(names.length).toBeLessThanOrEqual(100);
      const queries = call.input.MetricDataQueriesCount;
      if (typeof queries === "number") expect(queries).toBeLessThanOrEqual(500);
    }
  });

  it.each(REMOVABLE)("$role without $grant: a recorded call is denied", async ({ role, grant }) => {
    const calls = run.calls.filter((call) => call.role === role);
    const fewer = FUNCTION_GRANTS[role].filter((g) => g !== grant);

    let denied = 0;
    for (const call of calls) if (!(await allowedWith(fewer, call))) denied++;

    expect(denied, `no recorded call of ${role} needs ${grant}`).toBeGreaterThan(0);
  });
});
