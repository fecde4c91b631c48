/**
 * Ripcord watching itself: a rollback that failed, an alarm event that could not be handed to the
 * trigger, or a reconciler that stopped ticking each page the same topic as rollbacks do. These
 * alarms carry the health prefix, so Ripcord's own rule never treats them as service alarms.
 */
import { SOURCES } from "@ripcord/core/signals";
import { healthAlarmPrefix } from "./context.ts";
import type { Notify } from "./notify.ts";
import type { Workflow } from "./workflow.ts";

export function createMonitoring(args: {
  notify: Notify;
  workflow: Workflow;
  reconciler: sst.aws.Function;
}) {
  const actions = {
    alarmActions: [args.notify.topic.arn],
    okActions: [args.notify.topic.arn],
  };

  const failedRollbacks = new aws.cloudwatch.MetricAlarm("HealthFailedRollbacks", {
    name: `${healthAlarmPrefix}-failed-rollbacks`,
    alarmDescription:
      "A Ripcord rollback execution failed or timed out: check the state machine's execution history.",
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    metricQueries: [
      stateMachineMetric("failed", "ExecutionsFailed", args.workflow.stateMachine.arn),
      stateMachineMetric("timedOut", "ExecutionsTimedOut", args.workflow.stateMachine.arn),
      {
        id: "unfinished",
        expression: "FILL(failed, 0) + FILL(timedOut, 0)",
        label: "Failed or timed-out executions",
        returnData: true,
      },
    ],
    ...actions,
  });

  const deadLetters = new aws.cloudwatch.MetricAlarm("HealthDeadLetters", {
    name: `${healthAlarmPrefix}-undelivered-alarms`,
    alarmDescription:
      "An alarm event never started a rollback: read the trigger's dead-letter queue and its logs.",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: args.workflow.deadLetterQueue.name },
    statistic: "Maximum",
    period: 60,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    ...actions,
  });

  // Successful ticks per 5 minutes; no data at all means no ticks, hence "breaching".
  const reconcilerStopped = new aws.cloudwatch.MetricAlarm("HealthReconcilerStopped", {
    name: `${healthAlarmPrefix}-reconciler-stopped`,
    alarmDescription:
      "The reconciler has not completed a run for 10 minutes: the release ledger is going stale.",
    comparisonOperator: "LessThanThreshold",
    threshold: 1,
    evaluationPeriods: 2,
    treatMissingData: "breaching",
    metricQueries: [
      // Ripcord's own function, read like any "lambda" source (core/signals names the metrics).
      reconcilerMetric("requests", args.reconciler.name),
      reconcilerMetric("errors", args.reconciler.name),
      {
        id: "ticks",
        expression: "FILL(requests, 0) - FILL(errors, 0)",
        label: "Successful reconciler runs",
        returnData: true,
      },
    ],
    ...actions,
  });

  return { failedRollbacks, deadLetters, reconcilerStopped };
}

function stateMachineMetric(id: string, metricName: string, stateMachineArn: $util.Input<string>) {
  return {
    id,
    returnData: false,
    metric: {
      namespace: "AWS/States",
      metricName,
      dimensions: { StateMachineArn: stateMachineArn },
      period: 60,
      stat: "Sum",
    },
  };
}

function reconcilerMetric(measure: "requests" | "errors", functionName: $util.Input<string>) {
  return {
    id: measure,
    returnData: false,
    metric: {
      namespace: SOURCES.lambda.namespace,
      metricName: SOURCES.lambda.metrics[measure],
      dimensions: { FunctionName: functionName },
      period: 300,
      stat: "Sum",
    },
  };
}
