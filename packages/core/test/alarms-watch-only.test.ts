import { describe, expect, it } from "vitest";
import * as Alarms from "@ripcord/core/alarms";
import * as Config from "@ripcord/core/config";
import { SIGNAL_SOURCES } from "@ripcord/core/signals";

/* A watch-only service's alarms read $LATEST, whatever its source, and say they are watch-only. */

const OPTIONS = { prefix: "ripcord-test", latencyStatistic: "p99" } as const;

describe("a watch-only service's alarm specs", () => {
  it.each(SIGNAL_SOURCES)("read Resource <FunctionName>:$LATEST with the %s source", (signal) => {
    const config = Config.defineConfig({
      services: {
        site: { signal, watchOnly: true, functions: [{ name: "site-server" }] },
        api: { signal, functions: [{ name: "api" }] },
      },
    });

    const specs = Alarms.specs(config, OPTIONS);

    const site = specs.filter((spec) => spec.service === "site");
    const api = specs.filter((spec) => spec.service === "api");
    expect(site.map((spec) => spec.kind)).toEqual(["errorRate", "latency"]);
    for (const spec of site) {
      expect(spec).toMatchObject({ alias: "$LATEST", watchOnly: true });
      for (const query of spec.queries.filter((q) => q.MetricStat))
        expect(query.MetricStat?.Metric.Dimensions).toContainEqual({
          Name: "Resource",
          Value: "site-server:$LATEST",
        });
    }
    for (const spec of api) expect(spec.watchOnly).toBeUndefined();
  });
});
