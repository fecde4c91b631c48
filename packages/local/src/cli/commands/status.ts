import { read } from "../client.ts";
import type { Command } from "../context.ts";
import { EXIT } from "../exit-codes.ts";
import { routing, serviceDetail, stateLines } from "../render.ts";
import { ServiceDetail, ServiceList } from "../responses.ts";

export const status: Command = {
  usage: `Usage: ripcord status [service]

Without a service: every watched service, where its aliases point, paused, frozen, cooling down.
With one: also its releases with their known-good marks and rollback target, and its alarms.`,
  options: {},
  positionals: [0, 1],
  async run(context) {
    const [service] = context.positionals;
    if (service !== undefined) {
      const json = await context.api().get(`/services/${encodeURIComponent(service)}`);
      if (context.json) context.out(JSON.stringify(json, null, 2));
      else context.out(serviceDetail(read(ServiceDetail, json, "a service")).join("\n"));
      return EXIT.ok;
    }
    const json = await context.api().get("/services");
    if (context.json) {
      context.out(JSON.stringify(json, null, 2));
      return EXIT.ok;
    }
    for (const item of read(ServiceList, json, "a list of services").items) {
      context.out(item.service);
      for (const line of stateLines(item)) context.out(`  ${line}`);
      for (const fn of item.functions)
        context.out(`  ${fn.name}:${fn.alias}  ${fn.error ?? routing(fn.routing)}`);
    }
    return EXIT.ok;
  },
};
