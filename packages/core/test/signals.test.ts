import { describe, expect, it } from "vitest";
import { SOURCES, aliasDimensions, versionDimensions } from "@ripcord/core/signals";
import { withRipcord } from "../../instrument/src/index.ts";
import { collect, lambdaContext, urlEvent } from "../../instrument/test/support.ts";

/*
 * The instrument is dependency-free (it cannot import core), so it spells its namespace and metric
 * names itself: this checks that what it writes is what the emf row of core's table reads.
 */

describe("the emf source and what @ripcord/instrument writes", () => {
  it("agree on the namespace, the metric names and both dimension sets", async () => {
    // Prepare
    const sink = collect();
    const handler = withRipcord(async () => ({ statusCode: 503, body: "" }), {
      write: sink.write,
    });

    // Act
    await handler(urlEvent("GET", "/"), lambdaContext());

    // Assess
    const line: unknown = JSON.parse(sink.lines[0] ?? "{}");
    const { namespace, metrics } = SOURCES.emf;
    expect(line).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [
              Object.keys(aliasDimensions("acme-api", "production")),
              Object.keys(versionDimensions("acme-api", "production", "7")),
            ],
            Metrics: [
              { Name: metrics.requests },
              { Name: metrics.errors },
              { Name: metrics.latency },
            ],
          },
        ],
      },
      ...versionDimensions("acme-api", "production", "7"),
      [metrics.requests]: 1,
      [metrics.errors]: 1,
    });
  });
});
