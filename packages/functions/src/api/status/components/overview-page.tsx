import type * as History from "@ripcord/core/history";
import type { ServiceView } from "../overview.ts";
import { STATUS_PATHS } from "../paths.ts";
import { StatusBadge, Time } from "./badges.tsx";
import { Layout } from "./layout.tsx";

function routingText(routing: { version: string; weights: Record<string, number> }): string {
  const canary = Object.entries(routing.weights).map(
    ([version, weight]) => ` + ${version} at ${Math.round(weight * 100)}%`,
  );
  return `version ${routing.version}${canary.join("")}`;
}

function stateOf(service: ServiceView): string[] {
  return [
    ...(service.paused ? [`paused by ${service.paused.actor}: ${service.paused.reason}`] : []),
    ...(service.frozen
      ? [
          `frozen since ${service.frozen.since.slice(0, 10)} ${service.frozen.since.slice(11, 16)}Z (rollback ${service.frozen.rollbackId})`,
        ]
      : []),
    ...(service.cooldownUntil ? [`cooldown until ${service.cooldownUntil.slice(11, 16)}Z`] : []),
    ...(service.lock ? [`rollback running: ${service.lock.owner}`] : []),
  ];
}

function Services({ services }: { services: ServiceView[] }) {
  return (
    <table>
      <caption>Watched services and where their aliases send traffic now</caption>
      <thead>
        <tr>
          <th scope="col">Service</th>
          <th scope="col">Function and alias</th>
          <th scope="col">Routing now</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {services.flatMap((service) =>
          service.functions.map((fn, i) => (
            <tr>
              {i === 0 && (
                <th scope="row" rowspan={service.functions.length}>
                  {service.service}
                </th>
              )}
              <td>
                <code>{`${fn.name}:${fn.alias}`}</code>
              </td>
              <td>
                {fn.routing ? (
                  routingText(fn.routing)
                ) : (
                  <span class="error">{fn.error ?? "unknown"}</span>
                )}
              </td>
              {i === 0 && (
                <td rowspan={service.functions.length}>
                  {stateOf(service).join("; ") || "watching"}
                </td>
              )}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

function Rollbacks({ rollbacks }: { rollbacks: History.RollbackRecord[] }) {
  if (rollbacks.length === 0) return <p>No rollbacks yet.</p>;
  return (
    <table>
      <caption>Recent rollbacks, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Started (UTC)</th>
          <th scope="col">Service</th>
          <th scope="col">Trigger</th>
          <th scope="col">Verdict</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {rollbacks.map((r) => (
          <tr>
            <td>
              <a
                href={STATUS_PATHS.rollback(r.id)}
                aria-label={`Rollback of ${r.service} at ${r.now.slice(0, 16)}Z: ${r.status}`}
              >
                <Time iso={r.now} withDate />
              </a>
            </td>
            <td>{r.service}</td>
            <td>
              {r.source === "alarm"
                ? (r.reason ?? "alarm")
                : `${r.actor ?? "manual"}: ${r.reason ?? ""}`}
            </td>
            <td>{r.decision?.verdict ?? "–"}</td>
            <td>
              <StatusBadge status={r.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function OverviewPage(props: {
  services: ServiceView[];
  rollbacks: History.RollbackRecord[];
  actor?: string | undefined;
  now: string;
}) {
  return (
    <Layout title="Status" actor={props.actor}>
      <h1>Ripcord status</h1>
      <p class="muted">
        As of <Time iso={props.now} withDate />. Reload for fresh numbers.
      </p>
      <h2>Services</h2>
      <Services services={props.services} />
      <h2>Recent rollbacks</h2>
      <Rollbacks rollbacks={props.rollbacks} />
    </Layout>
  );
}
