/**
 * SST's `DurationSeconds` and its `toSeconds` (`.sst/platform/src/components/duration.ts`), for
 * the CORS `maxAge` and the Router timeouts that `url.router` / `url.cors` accept in that form.
 */
export type DurationSeconds = `${number} ${"second" | "seconds"}`;

export function toSeconds(duration: DurationSeconds): number {
  const [count = "", unit = ""] = duration.split(" ");
  const seconds = Number.parseInt(count, 10);
  if (!Number.isFinite(seconds) || !unit.toLowerCase().startsWith("second")) {
    throw new TypeError(`Invalid duration "${duration}": expected "<n> seconds"`);
  }
  return seconds;
}
