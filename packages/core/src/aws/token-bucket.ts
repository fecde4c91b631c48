/**
 * A token bucket that paces calls instead of refusing them: `take()` resolves when a token is
 * available, in the order callers asked. Capacity is the burst, `perSecond` the refill rate.
 * The clock and the sleep are injectable so tests run it on a fake clock.
 */
export interface TokenBucketOptions {
  capacity: number;
  perSecond: number;
  /** Milliseconds, monotonic; default performance.now(). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Refill is computed in floating point: a token short by less than this is a whole one. */
const EPSILON = 1e-9;

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.ceil(ms)));

export class TokenBucket {
  readonly capacity: number;
  readonly perSecond: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #tokens: number;
  #at: number;
  /** Callers queue behind each other so that a later caller never overtakes an earlier one. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1) || !(options.perSecond > 0))
      throw new RangeError("a token bucket needs a capacity of at least 1 and a positive rate");
    this.capacity = options.capacity;
    this.perSecond = options.perSecond;
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? realSleep;
    this.#tokens = options.capacity;
    this.#at = this.#now();
  }

  /** Tokens available now (fractional while refilling). */
  available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes one token if there is one; never waits. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1 - EPSILON) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (0 if one is). */
  waitMs(): number {
    this.#refill();
    return this.#tokens >= 1 - EPSILON ? 0 : ((1 - this.#tokens) * 1000) / this.perSecond;
  }

  /** Waits for a token and takes it. */
  take(): Promise<void> {
    const turn = this.#queue.then(async () => {
      for (let wait = this.waitMs(); wait > 0; wait = this.waitMs()) await this.#sleep(wait);
      this.#tokens -= 1;
    });
    this.#queue = turn;
    return turn;
  }

  /** Empties the bucket: the budget was spent elsewhere (a throttle said so). */
  drain(): void {
    this.#refill();
    this.#tokens = 0;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(
      this.capacity,
      this.#tokens + ((now - this.#at) * this.perSecond) / 1000,
    );
    this.#at = now;
  }
}
