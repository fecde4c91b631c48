import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/*
 * A resource a suite's hooks open and close, held in a const. The handle is a stand-in that reads
 * whichever value the hooks have open (the suite's, or the current test's), so a describe block
 * declares it once and its tests use it as they would the value itself.
 */

/** "suite": opened before the first test and closed after the last; "test": one for each test. */
export type Scope = "suite" | "test";

/** A handle that forwards every property read to the value `current` returns, and throws while there is none. */
export function live<T extends object>(name: string, current: () => T | undefined): T {
  const now = (): T => {
    const value = current();
    if (value === undefined)
      throw new Error(
        `${name} is not open: the reliability harness opens it in a hook when its option asks for it, so use it in a test or a later hook`,
      );
    return value;
  };
  const handler: ProxyHandler<object> = {
    get: (_stand, key) => {
      const value = now();
      const property: unknown = Reflect.get(value, key, value);
      // Methods run on the value itself, as they would had the test held it directly.
      return typeof property === "function" ? property.bind(value) : property;
    },
    has: (_stand, key) => Reflect.has(now(), key),
  };
  // The stand-in has no properties of its own: every read goes through `handler` to a real T.
  return new Proxy({}, handler) as T;
}

/** Registers the hooks that open and close one resource for `scope`, and returns its handle. */
export function scoped<T extends object>(
  name: string,
  scope: Scope,
  open: () => Promise<T>,
  close: (value: T) => Promise<void>,
): T {
  let current: T | undefined;
  const [before, after] = scope === "suite" ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await open();
  });
  after(async () => {
    const value = current;
    current = undefined;
    if (value !== undefined) await close(value);
  });
  return live(name, () => current);
}
