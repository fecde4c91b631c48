/*
 * CloudWatch: metric data (read and publish), the signal sources' period stats, alarms. Against moto, mind
 * its gaps: no percentiles (pass latencyStatistic "Maximum"), no metric math (an Expression query
 * returns nothing), and alarms are stored but never evaluated (the sandbox evaluates them and sets
 * their state with setAlarmState).
 */
export * from "./cloudwatch/metric-data.ts";
export * from "./cloudwatch/period-stats.ts";
export * from "./cloudwatch/alarms.ts";
