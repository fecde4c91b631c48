import { CloudWatch } from "@ripcord/core/aws";
import { PUBLICATION_DELAY_SECONDS, type SignalSource } from "@ripcord/core/signals";
import type { SimulatedClock } from "./clock.ts";

const MINUTE_MS = 60_000;

/**
 * CloudWatch's publication delay, played on the sandbox's clock (docs/design.md "Signals"): each
 * datapoint reaches the endpoint (PutMetricData) only once it would be visible on AWS, its
 * period's end plus the source's delay. So the endpoint holds exactly what is visible at the
 * clock's time, and whatever reads it back (the alarm evaluator, Verify, Confirm, the API) sees
 * what AWS would show then. (EMF's delay counts from the request; a period's last request is at
 * its end at the latest, so its end plus the delay is when the whole period is visible.)
 */
export class MetricPublisher {
  readonly delayMs: number;
  #lastVisibleAt: number | undefined;

  constructor(
    private readonly clock: SimulatedClock,
    source: SignalSource,
  ) {
    this.delayMs = PUBLICATION_DELAY_SECONDS[source] * 1000;
  }

  /** When a datapoint for the period of `periodMs` that starts at `timestamp` becomes visible. */
  visibleAt(timestamp: string, periodMs: number): number {
    return Date.parse(timestamp) + periodMs + this.delayMs;
  }

  /** When everything published so far is visible; undefined before anything was. */
  lastVisibleAt(): number | undefined {
    return this.#lastVisibleAt;
  }

  /**
   * Publishes what is visible already and holds the rest until the clock reaches its time;
   * resolves once the visible part is in the endpoint.
   */
  async publish(
    points: readonly CloudWatch.MetricPoint[],
    periodMs: number = MINUTE_MS,
  ): Promise<void> {
    const due: CloudWatch.MetricPoint[] = [];
    const held = new Map<number, CloudWatch.MetricPoint[]>();
    for (const point of points) {
      const at = this.visibleAt(point.timestamp, periodMs);
      this.#lastVisibleAt = Math.max(this.#lastVisibleAt ?? at, at);
      if (at <= this.clock.now()) due.push(point);
      else held.set(at, [...(held.get(at) ?? []), point]);
    }
    for (const [at, group] of held) this.clock.at(at, () => CloudWatch.putMetricData(group));
    if (due.length > 0) await CloudWatch.putMetricData(due);
  }
}
