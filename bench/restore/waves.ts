/** One AWS request as the counting proxy saw it, in performance.now() milliseconds. */
export interface AwsCall {
  /** SigV4 signing name: lambda, dynamodb, monitoring, states, sns, cloudfront... */
  service: string;
  /** The API operation, e.g. UpdateAlias. */
  operation: string;
  start: number;
  end: number;
  /** Method and path, and the request body (the first 16 KiB) with its content type: what a baseline replays. */
  request?: { method: string; path: string; contentType: string; body: string };
}

/** Calls that overlap in time: made in parallel, so they cost one round trip of waiting. */
export interface Wave {
  start: number;
  end: number;
  calls: string[];
}

/**
 * Groups calls into sequential round trips: sorted by start, a call that starts before every
 * call of the current group has returned joins it (it was issued in parallel); one that starts
 * after the group's last response opens the next group.
 */
export function overlappingGroups<T extends { start: number; end: number }>(
  calls: readonly T[],
): T[][] {
  const groups: Array<{ end: number; members: T[] }> = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const current = groups.at(-1);
    if (current && call.start < current.end) {
      current.end = Math.max(current.end, call.end);
      current.members.push(call);
    } else {
      groups.push({ end: call.end, members: [call] });
    }
  }
  return groups.map((group) => group.members);
}

/** The sequential round trips of a set of calls, each with its span and the calls made in parallel within it. */
export function sequentialWaves(calls: readonly AwsCall[]): Wave[] {
  return overlappingGroups(calls).map((members) => ({
    start: Math.min(...members.map((call) => call.start)),
    end: Math.max(...members.map((call) => call.end)),
    calls: members.map((call) => `${call.service}:${call.operation}`),
  }));
}
