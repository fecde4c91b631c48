import * as Notify from "@ripcord/core/notify";
import type { ApiDeps } from "../deps.ts";
import { loadIncident } from "../status/incident.ts";

/**
 * The report's Markdown, which routes/report.ts imports with import() on the first report: the
 * incident's metrics and core's notify rendering are a chunk of their own (infra/api.ts builds the
 * API with splitting), out of the JSON routes' cold start.
 */
export async function incidentReport(
  deps: ApiDeps,
  id: string,
  statusPage: string,
): Promise<string> {
  const { incident } = await loadIncident(deps, id);
  const execution = Notify.executionConsoleUrl(deps.stateMachineArn(), id);
  return Notify.incidentReport(incident, { statusPage, ...(execution && { execution }) });
}
