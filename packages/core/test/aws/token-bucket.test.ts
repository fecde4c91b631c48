import { describe, expect, it } from "vitest";
import { TokenBucket } from "@ripcord/core/aws";

/** A fake clock: sleeping advances it, and records how long each wait was. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let at = 0;
  const waits: number[] = [];
  return {
    now: () => at,
    sleep: (ms) => {
      waits.push(ms);
      at += ms;
      return Promise.resolve();
    },
    waits,
  };
}

describe("TokenBucket", () => {
  it("starts full: the first `capacity` takes do not wait", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 15, perSecond: 15, ...clock });
    for (let i = 0; i < 15; i++) await bucket.take();
    expect(clock.waits).toEqual([]);
    expect(clock.now()).toBe(0);
  });

  it("paces takes past the burst at the rate: 45 takes at 15/s end after 2 s", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 15, perSecond: 15, ...clock });
    await Promise.all(Array.from({ length: 45 }, () => bucket.take()));
    expect(clock.now()).toBeCloseTo(2000, 6);
    expect(bucket.available()).toBeCloseTo(0, 6);
  });

  it("refills with time, never past its capacity", () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 15, perSecond: 15, ...clock });
    for (let i = 0; i < 15; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.waitMs()).toBeCloseTo(1000 / 15, 6);
    void clock.sleep(200);
    expect(bucket.available()).toBeCloseTo(3, 6);
    void clock.sleep(60_000);
    expect(bucket.available()).toBe(15);
  });

  it("serves callers in the order they asked", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 1, perSecond: 10, ...clock });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => bucket.take().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(clock.now()).toBeCloseTo(300, 6);
  });

  it("drain empties it: the next take waits a full token", async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 100, perSecond: 100, ...clock });
    bucket.drain();
    await bucket.take();
    expect(clock.now()).toBeCloseTo(10, 6);
  });

  it("refuses a bucket that could never give a token", () => {
    expect(() => new TokenBucket({ capacity: 0, perSecond: 15 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 15, perSecond: 0 })).toThrow(RangeError);
  });
});
