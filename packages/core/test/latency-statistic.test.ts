import { ConfigError } from "@ripcord/core/errors";
import { latencyStatistic } from "@ripcord/core/rollback";
import { describe, expect, it } from "vitest";

describe("RIPCORD_LATENCY_STATISTIC", () => {
  it("is p99 when unset, and any statistic CloudWatch computes for Duration when set", () => {
    // Act
    const read = ["p99.9", "p50", "p100", "Maximum", "Average", "Minimum"].map((value) =>
      latencyStatistic({ RIPCORD_LATENCY_STATISTIC: value }),
    );

    // Assess
    expect(latencyStatistic({})).toBe("p99");
    expect(read).toEqual(["p99.9", "p50", "p100", "Maximum", "Average", "Minimum"]);
  });

  it.each(["", "P99", "p101", "p99.999", "Sum", "tm99"])(
    "refuses %j, naming the variable",
    (value) => {
      // Act
      const read = () => latencyStatistic({ RIPCORD_LATENCY_STATISTIC: value });

      // Assess
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(/RIPCORD_LATENCY_STATISTIC must be a statistic of Lambda's Duration/);
    },
  );
});
