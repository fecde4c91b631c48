import { PUBLICATION_DELAY_SECONDS, type SignalSource } from "../signals/index.ts";

/*
 * When a source's metrics are published, apart from window.ts: Confirm and Verify need only these,
 * and window.ts builds the schemas of an alarm event's reasonData, which only the trigger reads.
 */

/** How long after its period ends a datapoint of `source` is published (the model of "Signals"). */
export function publicationDelayMs(source: SignalSource): number {
  return PUBLICATION_DELAY_SECONDS[source] * 1000;
}

/** ISO time up to which `source`'s metrics are published at `now`: a period ending after it is not yet known. */
export function knownUntil(now: string, source: SignalSource): string {
  return new Date(Date.parse(now) - publicationDelayMs(source)).toISOString();
}
