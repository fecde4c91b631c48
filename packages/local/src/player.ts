import type { AliasRouting } from "@ripcord/core/release";
import type { SignalSource } from "@ripcord/core/signals";
import { emfMetrics, lambdaMetrics } from "./aws-metrics.ts";
import type { SimulatedClock } from "./clock.ts";
import type { LambdaHost, Request, Served } from "./lambda-host.ts";
import type { MetricPublisher } from "./publisher.ts";

/*
 * Traffic through the sandbox's Lambda host on the simulated clock, in slices of 10 s (the
 * shortest alarm period, emf's): each slice's requests are routed as the alias stands at the
 * slice's start, served by the real handlers, and what AWS would publish goes through each
 * source's publisher with its delay: AWS/Lambda's and the URL's metrics per minute, the EMF lines
 * per 10 s (CloudWatch keeps them at 1 s; 10 s is what the sandbox's alarms can read).
 */

export const SLICE_MS = 10_000;
const MINUTE_MS = 60_000;
/** History minutes published per round of PutMetricData (fewer calls; the publisher batches). */
const HISTORY_BATCH_MINUTES = 15;
const EMF_PERIOD_MS = SLICE_MS;

/** What the traffic looks like: how much of it, which paths, how long each request runs. */
export interface TrafficShape {
  requestsPerMinute: number;
  path(random: () => number): string;
  latencyMs(version: string, random: () => number): number;
}

/** What the versions answered, request by request summed: the sandbox's own account of the traffic. */
export interface VersionTotals {
  requests: number;
  /** Answered 5xx by the function URL. */
  http5xx: number;
  /** Invocations that threw or rejected (Lambda's Errors). */
  errors: number;
}

export type Publishers = Readonly<Record<SignalSource, MetricPublisher>>;

export class TrafficPlayer {
  /** The history's requests per version (playHistory). */
  readonly totals = new Map<string, VersionTotals>();
  /** The requests played as the clock moved, per version (playLive). */
  readonly liveTotals = new Map<string, VersionTotals>();
  /** Live requests of the current minute, published when it ends. */
  #minute: Served[] = [];

  constructor(
    private readonly host: LambdaHost,
    private readonly publishers: Publishers,
    private readonly shape: TrafficShape,
    private readonly random: () => number,
  ) {}

  /** The requests of the slice starting at `startMs`, spread over it, through the alias as `routing` stands. */
  async #slice(
    startMs: number,
    routing: AliasRouting,
    counted: Map<string, VersionTotals>,
  ): Promise<Served[]> {
    const mean = (this.shape.requestsPerMinute * SLICE_MS) / MINUTE_MS;
    const count = Math.round(mean * (0.9 + 0.2 * this.random()));
    const served: Served[] = [];
    for (let i = 0; i < count; i++) {
      const atMs = startMs + Math.floor(((i + this.random()) / count) * SLICE_MS);
      const request: Request = { atMs, path: this.shape.path(this.random) };
      const outcome = await this.host.serve(request, routing, (version) =>
        this.shape.latencyMs(version, this.random),
      );
      served.push(outcome);
      const totals = counted.get(outcome.version) ?? { requests: 0, http5xx: 0, errors: 0 };
      totals.requests += 1;
      if (outcome.status >= 500) totals.http5xx += 1;
      if (outcome.threw) totals.errors += 1;
      counted.set(outcome.version, totals);
    }
    return served;
  }

  async #publish(served: readonly Served[]): Promise<void> {
    const { fn, alias } = this.host;
    await this.publishers.lambda.publish(lambdaMetrics("lambda", fn, alias, served, MINUTE_MS));
    await this.publishers.url.publish(lambdaMetrics("url", fn, alias, served, MINUTE_MS));
    await this.publishers.emf.publish(emfMetrics(served, EMF_PERIOD_MS), EMF_PERIOD_MS);
  }

  /**
   * The past, [fromMs, toMs) on whole minutes, routed as the alias stood then (`routingAt`, from
   * the release history): what is visible by the clock's time goes in at once, the rest is held.
   */
  async playHistory(
    fromMs: number,
    toMs: number,
    routingAt: (ms: number) => AliasRouting,
    onProgress: (done: number, total: number) => void = () => undefined,
  ): Promise<void> {
    const total = Math.round((toMs - fromMs) / MINUTE_MS);
    let batch: Served[] = [];
    for (let minute = 0; minute < total; minute++) {
      const minuteMs = fromMs + minute * MINUTE_MS;
      for (let slice = minuteMs; slice < minuteMs + MINUTE_MS; slice += SLICE_MS)
        batch.push(...(await this.#slice(slice, routingAt(slice), this.totals)));
      if ((minute + 1) % HISTORY_BATCH_MINUTES === 0 || minute + 1 === total) {
        await this.#publish(batch);
        batch = [];
        onProgress(minute + 1, total);
      }
    }
  }

  /**
   * Traffic as the clock moves through [fromMs, untilMs) (fromMs on a minute): each slice runs when
   * the clock reaches it, routed as `routing` reads the alias then, so a shift takes effect from
   * the next slice on. Slices the clock never reaches never run.
   */
  playLive(
    clock: SimulatedClock,
    fromMs: number,
    untilMs: number,
    routing: () => Promise<AliasRouting>,
  ): void {
    for (let slice = fromMs; slice < untilMs; slice += SLICE_MS) {
      clock.at(slice, async () => {
        const served = await this.#slice(slice, await routing(), this.liveTotals);
        this.#minute.push(...served);
        await this.publishers.emf.publish(emfMetrics(served, EMF_PERIOD_MS), EMF_PERIOD_MS);
        if ((slice + SLICE_MS) % MINUTE_MS !== 0) return;
        const { fn, alias } = this.host;
        const minute = this.#minute.splice(0);
        await this.publishers.lambda.publish(lambdaMetrics("lambda", fn, alias, minute, MINUTE_MS));
        await this.publishers.url.publish(lambdaMetrics("url", fn, alias, minute, MINUTE_MS));
      });
    }
  }
}
