import * as Notify from "@ripcord/core/notify";
import { describe, expect, it } from "vitest";

const FROM = "2026-11-20T09:30:00.000Z";
const TO = "2026-11-20T10:15:00.000Z";
const minute = (m: number): string => new Date(Date.parse(FROM) + m * 60_000).toISOString();

/** Version 7 serves minutes 18-30 at 8% errors, version 6 the rest at 0.3%, with no traffic at all in minute 40. */
function input(overrides: Partial<Notify.ChartInput> = {}): Notify.ChartInput {
  const periods = (version: "6" | "7") =>
    Array.from({ length: 45 }, (_, m) => {
      const serves = version === "7" ? m >= 18 && m <= 30 : (m < 18 || m > 30) && m !== 40;
      return serves
        ? {
            start: minute(m),
            requests: 1000,
            errors: version === "7" ? 80 : 3,
            latencyMs: version === "7" ? 300 : 120,
          }
        : { start: minute(m), requests: 0, errors: 0 };
    });
  return {
    id: "chart-0",
    title: "cart-api:production around the alarm",
    from: FROM,
    to: TO,
    periodSeconds: 60,
    latencyStatistic: "p99",
    thresholds: { errorRatePercent: 5, latencyMs: 1500 },
    series: [
      { version: "7", label: "version 7 (rolled back)", periods: periods("7") },
      { version: "6", label: "version 6 (rolled back to)", periods: periods("6") },
    ],
    markers: [
      {
        kind: "release",
        at: minute(18),
        label: "release",
        detail: "version 7 of cart-api took traffic",
      },
      {
        kind: "alarm",
        at: minute(30),
        label: "alarm",
        detail: "the error-rate alarm entered ALARM",
      },
      {
        kind: "shift",
        at: new Date(Date.parse(minute(30)) + 40_000).toISOString(),
        label: "shift",
        detail: "shifted cart-api:production 7 -> 6",
      },
      { kind: "recovery", at: minute(31), label: "recovery", detail: "healthy again" },
    ],
    ...overrides,
  };
}

/** The attributes of every element `tag` in the markup, in order. */
function elements(svg: string, tag: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, "g"))].map(([, attrs = ""]) =>
    Object.fromEntries(
      [...attrs.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k = "", v = ""]) => [k, v]),
    ),
  );
}

/** Each group's inner markup, by the value of `attribute`. */
function groups(svg: string, className: string, attribute: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of svg.matchAll(
    new RegExp(`<g class="${className}" ${attribute}="([^"]*)">(.*?)</g>`, "g"),
  ))
    found.set(match[1] ?? "", match[2] ?? "");
  return found;
}

describe("chart scales", () => {
  it("picks round ticks from zero past the largest value", () => {
    expect(Notify.niceTicks(10.9)).toEqual([0, 5, 10, 15]);
    expect(Notify.niceTicks(8.4)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(Notify.niceTicks(310)).toEqual([0, 100, 200, 300, 400]);
    expect(Notify.niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(Notify.niceTicks(0)).toEqual([0, 1]);
  });

  it("maps a domain onto a range, inverted for a y axis", () => {
    // Prepare
    const y = Notify.linearScale([0, 10], [200, 100]);

    // Assess
    expect([y(0), y(5), y(10)]).toEqual([200, 150, 100]);
  });

  it("ticks a 45-minute window every 5 minutes on whole minutes", () => {
    // Act
    const ticks = Notify.timeTicks(Date.parse(FROM) + 20_000, Date.parse(TO));

    // Assess
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      "09:35",
      "09:40",
      "09:45",
      "09:50",
      "09:55",
      "10:00",
      "10:05",
      "10:10",
      "10:15",
    ]);
  });
});

describe("the chart of one function around a rollback", () => {
  it("draws one series per version, each with one line per panel, and a legend entry for each", () => {
    // Act
    const { svg } = Notify.chart(input());

    // Assess
    const series = groups(svg, "series", "data-version");
    expect([...series.keys()]).toEqual(["7", "6"]);
    for (const inner of series.values())
      expect(elements(inner, "path").map((p) => p["data-panel"])).toEqual(["errors", "latency"]);
    expect(svg).toContain(">version 7 (rolled back)</text>");
    expect(svg).toContain(">version 6 (rolled back to)</text>");
  });

  it("breaks a line where a version had no traffic instead of drawing through the gap", () => {
    // Act
    const { svg } = Notify.chart(input());

    // Assess: version 6 serves minutes 0-17, 31-39 and 41-44: three runs.
    const errorsLine = elements(groups(svg, "series", "data-version").get("6") ?? "", "path").find(
      (p) => p["data-panel"] === "errors",
    );
    expect(errorsLine?.d?.match(/M/g)).toHaveLength(3);
  });

  it("places the points on the scales: 8% on an axis to 10% (headroom above 8%), 300 ms on one to 2,000 ms (the 1,500 ms threshold)", () => {
    // Act
    const { svg } = Notify.chart(input());

    // Assess: error panel y from 224 (0%) to 84 (10%); latency panel 408 (0) to 268 (2000 ms).
    const lines = elements(groups(svg, "series", "data-version").get("7") ?? "", "path");
    const firstPoint = (d: string | undefined) =>
      d
        ?.match(/^M([\d.]+) ([\d.]+)/)
        ?.slice(1)
        .map(Number);
    const x = 72 + ((18.5 * 60) / (45 * 60)) * (856 - 72);
    expect(firstPoint(lines[0]?.d)).toEqual([Math.round(x * 10) / 10, 224 - 0.8 * 140]);
    expect(firstPoint(lines[1]?.d)).toEqual([Math.round(x * 10) / 10, 408 - (300 / 2000) * 140]);
  });

  it("marks the release, the alarm, the shift and the recovery with a line, a label and a tooltip", () => {
    // Act
    const { svg } = Notify.chart(input());

    // Assess
    const markers = groups(svg, "marker", "data-marker");
    expect([...markers.keys()]).toEqual(["release", "alarm", "shift", "recovery"]);
    expect(markers.get("shift")).toContain(
      "<title>shift at 10:00:40Z: shifted cart-api:production 7 -&gt; 6</title>",
    );
    for (const [kind, inner] of markers) {
      expect(elements(inner, "line")).toHaveLength(1);
      expect(inner).toContain(`>${kind}</text>`);
    }
  });

  it("puts labels of moments close together on different rows so none hides another", () => {
    // Act
    const { svg } = Notify.chart(input());

    // Assess
    const labelY = (kind: string) =>
      Number(elements(groups(svg, "marker", "data-marker").get(kind) ?? "", "text")[0]?.y);
    expect(new Set([labelY("alarm"), labelY("shift"), labelY("recovery")]).size).toBe(3);
    expect(labelY("release")).toBe(labelY("alarm"));
  });

  it("describes the chart in words with the numbers, and lists moments outside the window without drawing them", () => {
    // Prepare
    const early = {
      kind: "release",
      at: "2026-11-20T08:00:00.000Z",
      label: "release",
      detail: "version 7 took traffic",
    };

    // Act
    const { svg, description } = Notify.chart(input({ markers: [early] }));

    // Assess
    expect(description).toContain(
      "error rate and latency (p99) per 60 s period and version, from 09:30:00Z to 10:15:00Z",
    );
    expect(description).toContain(
      "Version 7 (rolled back): traffic in 13 periods, error rate 8.00% (highest at 09:48:00Z), latency 300 ms.",
    );
    expect(description).toContain(
      "Version 6 (rolled back to): traffic in 31 periods, error rate 0.30% (highest at 09:30:00Z), latency 120 ms.",
    );
    expect(description).toContain(
      "release at 08:00:00Z (before the chart): version 7 took traffic",
    );
    expect(svg).toContain(`<desc id="chart-0-desc">${description}</desc>`);
    expect(svg).toContain('aria-labelledby="chart-0-title chart-0-desc"');
    expect(groups(svg, "marker", "data-marker").size).toBe(0);
  });

  it("gives the numbers as a table: one row per period with traffic, four columns per version", () => {
    // Act
    const { table } = Notify.chart(input());

    // Assess
    expect(table.head).toHaveLength(1 + 2 * 4);
    expect(table.rows).toHaveLength(44);
    expect(table.rows[18]).toEqual([
      "09:48:00Z",
      "1,000",
      "80",
      "8.00%",
      "300 ms",
      "0",
      "0",
      "–",
      "–",
    ]);
  });

  it("escapes what it did not write: a label cannot inject markup", () => {
    // Act
    const { svg } = Notify.chart(
      input({
        title: '<script>alert("x")</script>',
        series: [{ version: '1"><x', label: "v & <b>", periods: [] }],
        markers: [],
      }),
    );

    // Assess
    expect(svg).not.toContain("<script>");
    expect(svg).not.toContain("<b>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(svg).toContain('data-version="1&quot;&gt;&lt;x"');
  });
});

describe("the chart's error measure", () => {
  it.each([
    ["url", "HTTP 5xx rate"],
    ["lambda", "Lambda errors"],
  ] as const)(
    "is named after the %s source (%s) in the panel, the description and the table",
    (signal, wording) => {
      // Act
      const chart = Notify.chart(input({ signal }));

      // Assess
      expect(chart.svg).toContain(`${wording} (% of requests)`);
      expect(chart.description).toContain(`${wording} and latency (p99)`);
      expect(chart.description).toContain(`${wording} 8.00%`);
      expect(chart.table.head).toContain(wording);
      expect(chart.svg).not.toContain("Error rate (% of requests)");
    },
  );

  it('stays "error rate" without a source', () => {
    expect(Notify.chart(input()).svg).toContain("Error rate (% of requests)");
  });
});
