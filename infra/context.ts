/**
 * Where this stage deploys, and the names that must be known before their resources exist
 * (IAM statements refer to the state machine before it is created, to avoid a cycle).
 */
const partition = aws.getPartitionOutput().partition;
const region = aws.getRegionOutput().region;
const account = aws.getCallerIdentityOutput().accountId;

export const awsContext = $resolve({ partition, region, account });

export const isProduction = $app.stage === "production";

/** Prefix of Ripcord's rollback alarms; the functions get it as RIPCORD_ALARM_PREFIX. */
export const alarmPrefix = `ripcord-${$app.stage}`;

/**
 * Prefix of Ripcord's alarms on itself. Deliberately not under alarmPrefix, so that no rule or
 * lookup keyed on the rollback alarms can ever mistake a health alarm for a service alarm.
 */
export const healthAlarmPrefix = `ripcord-health-${$app.stage}`;

export const tableName = `ripcord-${$app.stage}`;
export const stateMachineName = `ripcord-${$app.stage}-rollback`;

export const stateMachineArn = $interpolate`arn:${partition}:states:${region}:${account}:stateMachine:${stateMachineName}`;
