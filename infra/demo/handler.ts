/**
 * The demo service Ripcord watches on non-production stages. Deploy a "bad release" with
 * RIPCORD_DEMO_FAILURE_RATE=0.5 (or RIPCORD_DEMO_DELAY_MS=3000) set in the deploying shell, send it
 * traffic through the CloudFront URL, and watch Ripcord move the alias back.
 */
import type { APIGatewayProxyResultV2 } from "aws-lambda";

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

export async function handler(): Promise<APIGatewayProxyResultV2> {
  const failureRate = numberFromEnv("DEMO_FAILURE_RATE", 0);
  const delayMs = numberFromEnv("DEMO_DELAY_MS", 0);
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  // A thrown error is what Lambda counts in its Errors metric, which Ripcord's alarm reads.
  if (Math.random() < failureRate) throw new Error("demo release failure (DEMO_FAILURE_RATE)");
  return {
    statusCode: 200,
    headers: { "content-type": "application/json", "cache-control": "max-age=60" },
    body: JSON.stringify({ ok: true, version: process.env.AWS_LAMBDA_FUNCTION_VERSION }),
  };
}
