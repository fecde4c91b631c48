import * as Notify from "@ripcord/core/notify";
import type { LoadedIncident } from "../incident.ts";
import { STATUS_PATHS } from "../paths.ts";
import { StatusBadge, Time } from "./badges.tsx";
import { ChartFigure } from "./chart-figure.tsx";
import { Layout } from "./layout.tsx";

const count = (n: number): string => n.toLocaleString("en-US");
const rate = (errors: number, requests: number): string =>
  requests > 0 ? `${((errors / requests) * 100).toFixed(2)}%` : "–";

function Facts({ incident }: { incident: Notify.Incident }) {
  const { record } = incident;
  const shift = Notify.moments(incident).find((m) => m.kind === "shift");
  return (
    <dl class="facts">
      <dt>Service</dt>
      <dd>{record.service}</dd>
      <dt>Trigger</dt>
      <dd>
        {record.source === "alarm"
          ? (record.reason ?? "alarm")
          : `${record.actor ?? "manual"}: ${record.reason ?? ""}`}
      </dd>
      <dt>{record.source === "alarm" ? "Alarm" : "Requested"}</dt>
      <dd>
        <Time iso={record.now} withDate />
      </dd>
      {shift && (
        <>
          <dt>Shifted</dt>
          <dd>
            <Time iso={shift.at} /> ({shift.detail},{" "}
            {Math.round((Date.parse(shift.at) - Date.parse(record.now)) / 1000)} s after the{" "}
            {record.source === "alarm" ? "alarm" : "request"})
          </dd>
        </>
      )}
      {record.outcome && (
        <>
          <dt>Recovery</dt>
          <dd>{record.outcome.reason}</dd>
        </>
      )}
      {(record.warnings ?? []).map((warning) => (
        <>
          <dt>Warning</dt>
          <dd>{warning}</dd>
        </>
      ))}
      <dt>Rollback id</dt>
      <dd>
        <code>{record.id}</code>
      </dd>
    </dl>
  );
}

function Impact({ incident }: { incident: Notify.Incident }) {
  const rows = Notify.impact(incident);
  if (rows.length === 0) return <p>No function was shifted or judged.</p>;
  return (
    <table>
      <caption>
        Requests and errors of the version at fault, from its release to the shift (whole periods)
      </caption>
      <thead>
        <tr>
          <th scope="col">Alias</th>
          <th scope="col">Version</th>
          <th scope="col">Window (UTC)</th>
          <th scope="col">Requests</th>
          <th scope="col">Errors</th>
          <th scope="col">Error rate</th>
          <th scope="col">At the baseline rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">
              <code>{`${row.function}:${row.alias}`}</code>
            </th>
            <td>{row.versions.join(", ")}</td>
            <td>
              <Time iso={row.from} /> to <Time iso={row.to} />
            </td>
            <td class="num">{count(row.requests)}</td>
            <td class="num">{count(row.errors)}</td>
            <td class="num">{rate(row.errors, row.requests)}</td>
            <td class="num">
              {row.baseline
                ? `about ${count(Math.round(row.baseline.expectedErrors))} errors`
                : "–"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Decision({ incident }: { incident: Notify.Incident }) {
  const decision = incident.record.decision;
  if (!decision) return <p>No decision was recorded.</p>;
  return (
    <>
      <p>
        <strong>{decision.verdict}</strong>: {decision.reason}
      </p>
      {(decision.decisions ?? []).map((d) => (
        <details>
          <summary>{`The numbers of ${d.alarm} (${d.function}): ${d.verdict} by the ${d.rule} rule`}</summary>
          <table>
            <caption>{`Decision numbers for ${d.alarm}`}</caption>
            <tbody>
              {Object.entries(d.numbers).map(([key, value]) => (
                <tr>
                  <th scope="row">{key}</th>
                  <td>{value === null ? "–" : String(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </>
  );
}

export function RollbackPage({
  loaded,
  charts,
  actor,
}: {
  loaded: LoadedIncident;
  charts: Notify.Chart[];
  actor?: string | undefined;
}) {
  const { incident } = loaded;
  const { record } = incident;
  return (
    <Layout title={`Rollback of ${record.service}`} actor={actor}>
      <p>
        <a href={STATUS_PATHS.overview}>All services and rollbacks</a>
      </p>
      <h1>
        Rollback of {record.service} <StatusBadge status={record.status} />
      </h1>
      <section class="card" aria-label="Summary">
        <Facts incident={incident} />
        <p>
          <a href={STATUS_PATHS.report(record.id)}>Incident report (Markdown)</a>
        </p>
      </section>
      <h2>Timeline</h2>
      <section class="card">
        <ol class="timeline">
          {Notify.incidentTimeline(incident).map((entry) => (
            <li>
              <Time iso={entry.at} withDate={entry.at.slice(0, 10) !== record.now.slice(0, 10)} />
              <span>{entry.what}</span>
            </li>
          ))}
        </ol>
      </section>
      <h2>Error rate and latency per version</h2>
      {charts.length === 0 ? (
        <p>
          {record.status === "running"
            ? "This run has shifted no function yet, so there is nothing to chart yet."
            : "This run touched no function, so there is nothing to chart."}
        </p>
      ) : (
        charts.map((chart) => <ChartFigure chart={chart} />)
      )}
      <h2>Impact</h2>
      <Impact incident={incident} />
      <h2>Decision</h2>
      <Decision incident={incident} />
    </Layout>
  );
}
