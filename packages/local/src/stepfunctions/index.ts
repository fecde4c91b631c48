export {
  LocalStepFunctions,
  type Execution,
  type ExecutionStatus,
  type EventLog,
  type MachineSpec,
  type WaitClock,
} from "./engine.ts";
export { serveStepFunctions, type StepFunctionsEndpoint } from "./server.ts";
export {
  asLambdaTask,
  LambdaTaskError,
  type LambdaHandler,
  type TaskHandler,
} from "./lambda-task.ts";
export { stateMachineArn, LOCAL_ACCOUNT, LOCAL_REGION } from "./names.ts";
