import { describe, expect, it } from "vitest";
import * as Verify from "@ripcord/core/verify";
import { ago, input, minutes, steady } from "./support/builders.ts";

/*
 * The reconciler's summary of a baseline hour (verify/baseline-summary.ts) stands in for reading
 * it only when it is of the same baseline: the same known-good version and hour, read in the same
 * periods, from the same source, with the same latency statistic.
 */

/** Known-good "7" before "8" replaced it 12 minutes ago (the builders' ledger), then "8" failing. */
const BY_VERSION = {
  "7": minutes(steady(72, 13, { requests: 1000, errors: 4 })),
  "8": minutes(steady(12, 1, { requests: 1000, errors: 150 })),
};

const SIGNAL = "lambda" as const;
const STATISTIC = "Maximum";

function full(): Verify.DecisionInput {
  return input({ byVersion: BY_VERSION, signal: SIGNAL, latencyStatistic: STATISTIC });
}

/** The summary the reconciler would keep of the builders' baseline hour. */
function keptSummary(): Verify.BaselineSummary {
  const { metrics, ...rest } = full();
  const read = Verify.baselineRead(rest);
  if (!read) throw new Error("the builders' ledger has a baseline hour");
  return Verify.summarizeBaseline(rest, read, metrics, {
    signal: SIGNAL,
    latencyStatistic: STATISTIC,
  });
}

/** The input as Verify reads it with `summary`: only the periods requiredMetrics still asks for. */
function readWith(summary: Verify.BaselineSummary): Verify.DecisionInput {
  const { metrics, ...rest } = full();
  const withSummary = { ...rest, baselineSummaries: [summary] };
  const required = Verify.requiredMetrics(withSummary);
  const inside = (p: Verify.PeriodStats): boolean =>
    p.start >= required.from && p.start < required.to;
  return {
    ...withSummary,
    metrics: {
      alias: metrics.alias.filter(inside),
      byVersion: Object.fromEntries(
        Object.entries(metrics.byVersion).map(([v, periods]) => [v, periods.filter(inside)]),
      ),
    },
  };
}

describe("a baseline summary", () => {
  it("holds the hour's totals, in the same hour decide would measure", () => {
    expect(keptSummary()).toEqual({
      version: "7",
      from: ago(72),
      to: ago(12),
      periodSeconds: 60,
      signal: SIGNAL,
      latencyStatistic: STATISTIC,
      errorRate: { requests: 60_000, errors: 240, periods: 60 },
      fromHistory: 0,
      unattributed: 0,
    });
  });

  it("leaves the hour out of what Verify reads, and decides as the hour itself does", () => {
    const summarized = readWith(keptSummary());

    expect(Verify.requiredMetrics(summarized).from).toBe(ago(13));
    expect(Verify.requiredMetrics(full()).from).toBe(ago(72));
    expect(Verify.decide(summarized)).toEqual(Verify.decide(full()));
    expect(Verify.decide(full())).toMatchObject({ verdict: "rollback", rule: "effect" });
  });

  const others: Array<[string, Partial<Verify.BaselineSummary>]> = [
    ["of another known-good version", { version: "6" }],
    ["of another hour", { from: ago(73), to: ago(13) }],
    ["read in other periods", { periodSeconds: 10 }],
    ["from another source", { signal: "url" }],
    ["with another latency statistic", { latencyStatistic: "p99" }],
  ];
  it.each(others)("is ignored when %s: Verify reads the hour", (_, change) => {
    const other = { ...keptSummary(), ...change };
    const { metrics: _unused, ...rest } = full();

    const required = Verify.requiredMetrics({ ...rest, baselineSummaries: [other] });
    // Given only the minutes since the release, a decision that ignores the summary measures the
    // one minute of the hour those include (13 minutes ago), not the summary's 60.
    const decision = Verify.decide({ ...readWith(keptSummary()), baselineSummaries: [other] });
    const summarized = Verify.decide(readWith(keptSummary()));

    expect(required.from).toBe(ago(72));
    expect(decision.numbers).toMatchObject({ baselineRequests: 1000, baselineErrors: 4 });
    expect(summarized.numbers).toMatchObject({ baselineRequests: 60_000, baselineErrors: 240 });
  });

  it("says when a summarised hour had no traffic of the known-good version", () => {
    const quiet: Verify.BaselineSummary = { ...keptSummary(), errorRate: undefined };
    const { errorRate: _, ...withoutTraffic } = quiet;

    const decision = Verify.decide(readWith(withoutTraffic));

    expect(decision).toMatchObject({ verdict: "inconclusive", rule: "baseline" });
    expect(decision.reason).toContain("has no traffic in the hour before it was replaced");
  });
});
