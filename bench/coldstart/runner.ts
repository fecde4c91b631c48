/**
 * The file a fresh `node` runs for one cold start: it reads the input first, then times from
 * before the dynamic import of the bundle to after the handler's first invocation returns, and
 * writes the figures to a file (the handler's own log lines go to stdout, which the bench ignores).
 */
export const RUNNER_SOURCE = `import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [bundle, inputFile, resultFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile, "utf8"));
const context = {
  awsRequestId: "bench", functionName: "bench", functionVersion: "$LATEST", memoryLimitInMB: "256",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench", logGroupName: "/aws/lambda/bench",
  logStreamName: "bench", callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 30000,
  done() {}, fail() {}, succeed() {},
};
const before = performance.now();
const module = await import(pathToFileURL(bundle).href);
const imported = performance.now();
let error;
try {
  const output = await module.handler(input, context);
  if (output && typeof output === "object" && typeof output.statusCode === "number" && output.statusCode >= 400) {
    error = "HTTP " + output.statusCode + ": " + String(output.body).slice(0, 300);
  }
} catch (thrown) {
  error = String(thrown && thrown.stack ? thrown.stack : thrown);
}
const invoked = performance.now();
writeFileSync(resultFile, JSON.stringify({ importMs: imported - before, initMs: invoked - before, ...(error && { error }) }));
process.exit(0);
`;
