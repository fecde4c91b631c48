/**
 * The sandbox's own time (docs/design.md "The local sandbox"): what the metric publisher, the alarm
 * evaluator and the state machine's Wait states read, so a minute of AWS costs nothing here. The
 * steps never read it: they take "now" from the execution input, as on AWS.
 *
 * Time moves only forward and only when asked (advanceTo, advanceBy); timers due by the new time
 * run first, oldest due first, each awaited, and a timer sees the clock at its own due time. Advances
 * run one after the other, in the order they were asked for.
 */
export class SimulatedClock {
  #nowMs: number;
  #timers: Array<{ atMs: number; seq: number; run: () => Promise<void> }> = [];
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #failures: unknown[] = [];

  constructor(startMs: number) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  iso(): string {
    return new Date(this.#nowMs).toISOString();
  }

  /** Runs `run` when the clock reaches `atMs` (on the next advance, if it already has). */
  at(atMs: number, run: () => Promise<void>): void {
    this.#timers.push({ atMs, seq: this.#seq++, run });
  }

  /** Moves the clock to `atMs` (never back), running every timer due by then; rejects with a timer's failure. */
  advanceTo(atMs: number): Promise<void> {
    return this.#enqueue(() => atMs);
  }

  /** Moves the clock `ms` on from where the advances asked for before this one leave it. */
  advanceBy(ms: number): Promise<void> {
    return this.#enqueue(() => this.#nowMs + ms);
  }

  /**
   * An advance nobody awaits (a Wait state's, asked for from the execution's event stream): its
   * failure is kept and thrown by the next `settled()`.
   */
  advanceLater(ms: number): void {
    this.advanceBy(ms).catch((error: unknown) => this.#failures.push(error));
  }

  /** Resolves once every advance asked for so far is done; throws what an unawaited one failed with. */
  async settled(): Promise<void> {
    await this.#queue;
    // advanceLater's catch runs after the queue settles: one more turn lets it record.
    await Promise.resolve();
    const failures = this.#failures.splice(0);
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      throw new AggregateError(failures, "the sandbox's clock failed to run its timers");
  }

  #enqueue(target: () => number): Promise<void> {
    const advance = this.#queue.then(() => this.#runUntil(target()));
    // The next advance waits for this one, whatever its outcome; the caller gets the outcome.
    this.#queue = advance.catch(() => undefined);
    return advance;
  }

  async #runUntil(atMs: number): Promise<void> {
    for (;;) {
      const next = this.#timers
        .filter((timer) => timer.atMs <= atMs)
        .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((timer) => timer !== next);
      this.#nowMs = Math.max(this.#nowMs, next.atMs);
      await next.run();
    }
    this.#nowMs = Math.max(this.#nowMs, atMs);
  }
}
