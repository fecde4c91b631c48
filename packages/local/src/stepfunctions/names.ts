import { ApiError } from "./errors.ts";

export const LOCAL_REGION = "us-east-1";
export const LOCAL_ACCOUNT = "123456789012";

/** Characters AWS refuses in state machine and execution names (whitespace, brackets, wildcards, specials, controls). */
// eslint-disable-next-line no-control-regex -- control characters are part of AWS's forbidden set
const FORBIDDEN = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** AWS's rule for execution names: 1 to 80 characters, none of the forbidden ones. */
export function checkExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80) {
    throw new ApiError(
      "InvalidName",
      `Invalid Name: '${name}' (an execution name has 1 to 80 characters)`,
    );
  }
  if (FORBIDDEN.test(name)) {
    throw new ApiError(
      "InvalidName",
      `Invalid Name: '${name}' (whitespace, brackets, wildcards and special characters are not allowed)`,
    );
  }
}

export function stateMachineArn(name: string): string {
  return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`;
}

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):(\d{12}):execution:([^:]+):([^:]+)$/;

/** The execution ARN AWS derives from the state machine ARN and the execution name. */
export function executionArn(machineArn: string, name: string): string {
  const match = STATE_MACHINE_ARN.exec(machineArn);
  if (!match) throw new ApiError("InvalidArn", `Invalid Arn: '${machineArn}'`);
  const [, region, account, machine] = match;
  return `arn:aws:states:${region}:${account}:execution:${machine}:${name}`;
}

export function checkStateMachineArn(arn: string): void {
  if (!STATE_MACHINE_ARN.test(arn)) throw new ApiError("InvalidArn", `Invalid Arn: '${arn}'`);
}

export function checkExecutionArn(arn: string): void {
  if (!EXECUTION_ARN.test(arn)) throw new ApiError("InvalidArn", `Invalid Arn: '${arn}'`);
}
