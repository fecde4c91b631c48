import { serve } from "@hono/node-server";
import { createApp } from "@ripcord/functions/api/app";
import { quantile, round } from "../lib/stats.ts";
import { resetService } from "../restore/measure.ts";
import type { BenchWorld } from "../restore/world.ts";

/*
 * Item 5: the real API app (the same Hono app as the Lambda function URL) on 127.0.0.1 against
 * the bench's sandbox, loaded by 50 concurrent clients. POST /rollbacks starts executions of a
 * state machine that succeeds at once, so the figure is the API's own latency, not that of
 * hundreds of rollbacks running beside it in this process.
 */

export interface EndpointLatency {
  requests: number;
  /** AWS requests (to moto or the Step Functions endpoint) one API request makes, on average. */
  awsCallsPerRequest: number;
  /** p50 of one client alone: the same request without queueing behind 49 others. */
  unloadedP50Ms: number;
  concurrency: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  from: string;
  to: string;
}

export interface ApiFigures {
  "GET /services": EndpointLatency;
  "POST /rollbacks": EndpointLatency;
  setup: string;
}

export interface ApiPlan {
  concurrency: number;
  requestsPerClient: number;
}

const TOKEN = "bench-api-token-0123456789abcdef0123";
const FROM = "performance.now() before fetch() in the client (keep-alive connection, 127.0.0.1)";
const TO = "performance.now() after the whole response body was read";

async function load(
  world: BenchWorld,
  plan: ApiPlan,
  send: () => Promise<Response>,
): Promise<EndpointLatency> {
  const alone = await timed({ concurrency: 1, requestsPerClient: 20 }, send);
  world.proxy.calls.length = 0;
  const loaded = await timed(plan, send);
  return {
    requests: loaded.samples.length,
    awsCallsPerRequest: round(world.proxy.calls.length / loaded.samples.length, 1),
    unloadedP50Ms: round(quantile(alone.samples, 0.5)),
    concurrency: plan.concurrency,
    p50Ms: round(quantile(loaded.samples, 0.5)),
    p99Ms: round(quantile(loaded.samples, 0.99)),
    maxMs: round(Math.max(...loaded.samples)),
    errors: loaded.errors,
    from: FROM,
    to: TO,
  };
}

async function timed(
  plan: ApiPlan,
  send: () => Promise<Response>,
): Promise<{ samples: number[]; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  const client = async (): Promise<void> => {
    for (let i = 0; i < plan.requestsPerClient; i++) {
      const start = performance.now();
      const response = await send();
      await response.arrayBuffer();
      samples.push(performance.now() - start);
      if (!response.ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, client));
  return { samples, errors };
}

export async function measureApi(
  world: BenchWorld,
  plan: ApiPlan,
  progress: (message: string) => void,
): Promise<ApiFigures> {
  const one = world.services.find((service) => service.functions.length === 1);
  if (!one) throw new RangeError("the API runs need the 1-function service");
  await resetService(world, one, 5000);
  const watched = Object.fromEntries(
    Object.entries(world.config.services).filter(([, service]) => service.functions.length <= 10),
  );
  const config = { ...world.config, services: watched };
  const app = createApp({
    config: () => config,
    tokens: () => [{ name: "bench", scope: "write", token: TOKEN }],
    stateMachineArn: () => world.coldStateMachineArn,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
  const getServices = (): Promise<Response> => fetch(`${url}/services`, { headers });
  const postRollback = (): Promise<Response> =>
    fetch(`${url}/rollbacks`, {
      method: "POST",
      headers,
      body: JSON.stringify({ service: one.name, reason: "bench: API latency", toVersion: "1" }),
    });
  try {
    await timed({ concurrency: plan.concurrency, requestsPerClient: 1 }, getServices);
    await timed({ concurrency: plan.concurrency, requestsPerClient: 1 }, postRollback);
    const services = await load(world, plan, getServices);
    progress(
      `API GET /services: p50 ${services.p50Ms} ms, p99 ${services.p99Ms} ms over ${services.requests} requests`,
    );
    const rollbacks = await load(world, plan, postRollback);
    progress(
      `API POST /rollbacks: p50 ${rollbacks.p50Ms} ms, p99 ${rollbacks.p99Ms} ms over ${rollbacks.requests} requests`,
    );
    const functions = Object.values(watched).reduce(
      (sum, service) => sum + service.functions.length,
      0,
    );
    return {
      "GET /services": services,
      "POST /rollbacks": rollbacks,
      setup: `the API app in the bench process with @hono/node-server, watching ${Object.keys(watched).length} services (${functions} functions) in moto; ${plan.concurrency} clients each sending ${plan.requestsPerClient} requests one after another, after one unmeasured request per client`,
    };
  } finally {
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
