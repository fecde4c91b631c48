import { UsageError } from "../../errors.ts";
import { read } from "../client.ts";
import { stringOption, type Command } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { stateLines } from "../render.ts";
import { KillSwitch, ServiceState } from "../responses.ts";

export const pause: Command = {
  usage: `Usage: ripcord pause [service] --reason "..." [--until ISO-TIME]

Pauses automatic rollbacks of the service, or of every service without one (the kill switch).
Alarms still notify; manual rollbacks still run.`,
  options: { reason: { type: "string" }, until: { type: "string" } },
  positionals: [0, 1],
  async run(context) {
    const [service] = context.positionals;
    const reason = stringOption(context, "reason");
    if (!reason?.trim())
      throw new UsageError(
        'pause needs --reason "...": whoever wonders why nothing rolls back will read it',
      );
    const until = stringOption(context, "until");
    const body = { reason, ...(until && { until }) };
    const json = await context
      .api()
      .post(service ? `/services/${encodeURIComponent(service)}/pause` : "/pause", body);
    if (context.json) context.out(JSON.stringify(json, null, 2));
    else if (service)
      context.out(
        `${service}: ${stateLines(read(ServiceState, json, "a service state")).join("; ")}`,
      );
    else {
      const { paused } = read(KillSwitch, json, "the kill switch");
      context.out(
        paused
          ? `every service: ${stateLines({ service: "*", paused }).join("; ")}`
          : "every service: not paused",
      );
    }
    return EXIT.ok;
  },
};

export const resume: Command = {
  usage: `Usage: ripcord resume [service]

Resumes automatic rollbacks of the service and lifts its freeze after a rollback; without a
service, turns the kill switch off (pauses of single services stay).`,
  options: {},
  positionals: [0, 1],
  async run(context) {
    const [service] = context.positionals;
    const json = await context
      .api()
      .post(service ? `/services/${encodeURIComponent(service)}/resume` : "/resume");
    if (context.json) context.out(JSON.stringify(json, null, 2));
    else if (service)
      context.out(
        `${service}: ${stateLines(read(ServiceState, json, "a service state")).join("; ")}`,
      );
    else
      context.out(
        "kill switch off: automatic rollbacks run again where no service pause says otherwise",
      );
    return EXIT.ok;
  },
};
