import type { Decision, ServiceDecision, Verdict } from "./types.ts";

/**
 * The service's verdict: it is rolled back when any alarm of any of its functions passes all four
 * rules; otherwise an inconclusive decision (which people should look at) outranks a plain hold.
 */
export function combine(decisions: readonly Decision[]): ServiceDecision {
  const has = (verdict: Verdict) => decisions.some((decision) => decision.verdict === verdict);
  const verdict: Verdict = has("rollback")
    ? "rollback"
    : has("inconclusive")
      ? "inconclusive"
      : "hold";
  return { verdict, decisions: [...decisions] };
}
