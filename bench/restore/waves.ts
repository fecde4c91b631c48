/** One AWS request as the counting proxy saw it, in performance.now() milliseconds. */
export interface AwsCall {
  /** SigV4 signing name: lambda, dynamodb, monitoring, states, sns, cloudfront... */
  service: string;
  /** The API operation, e.g. UpdateAlias. */
  operation: string;
  start: number;
  end: number;
}

/** Calls that overlap in time: made in parallel, so they cost one round trip of waiting. */
export interface Wave {
  start: number;
  end: number;
  calls: string[];
}

/**
 * Groups calls into sequential round trips: sorted by start, a call that starts before every
 * call of the current wave has returned joins it (it was issued in parallel); one that starts
 * after the wave's last response opens the next wave.
 */
export function sequentialWaves(calls: readonly AwsCall[]): Wave[] {
  const waves: Wave[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const current = waves.at(-1);
    const name = `${call.service}:${call.operation}`;
    if (current && call.start < current.end) {
      current.end = Math.max(current.end, call.end);
      current.calls.push(name);
    } else {
      waves.push({ start: call.start, end: call.end, calls: [name] });
    }
  }
  return waves;
}
