export * from "./cloudwatch/metric-data.ts";
export * from "./cloudwatch/lambda-metrics.ts";
export * from "./cloudwatch/alarms.ts";
