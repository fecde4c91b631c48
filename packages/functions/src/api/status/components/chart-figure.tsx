import type * as Notify from "@ripcord/core/notify";
import { raw } from "hono/html";

/**
 * The chart (SVG built and escaped in core/notify/chart.ts) with its text alternatives: the SVG's
 * own title and description, a caption, and the numbers as a table that opens without JavaScript.
 */
export function ChartFigure({ chart }: { chart: Notify.Chart }) {
  return (
    <figure class="card">
      {raw(chart.svg)}
      <figcaption>
        One line per version in each panel; the dashed horizontal lines are the alarm thresholds,
        the vertical lines mark the moments named above them.
      </figcaption>
      <details>
        <summary>The chart in words and numbers</summary>
        <p>{chart.description}</p>
        <div class="table-scroll">
          <table>
            <caption>{chart.table.caption}</caption>
            <thead>
              <tr>
                {chart.table.head.map((heading) => (
                  <th scope="col">{heading}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.table.rows.map(([period, ...cells]) => (
                <tr>
                  <th scope="row">{period}</th>
                  {cells.map((value) => (
                    <td class="num">{value}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
