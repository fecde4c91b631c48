import { execFileSync } from "node:child_process";
import * as z from "zod";

/*
 * Whether EventBridge would deliver events to a rule with this pattern, decided by moto's
 * implementation of EventBridge's content filtering (moto.events.models.EventPattern, the code its
 * rules route events with), not by a matcher of our own. moto answers TestEventPattern with
 * nothing (a stub in 5.2.1), so its matcher is called directly, in the python3 the integration
 * tier already needs for moto's server.
 */

const SCRIPT = `
import json, sys
from moto.events.models import EventPattern
request = json.load(sys.stdin)
pattern = EventPattern.load(request["pattern"])
print(json.dumps([bool(pattern.matches_event(event)) for event in request["events"]]))
`;

/** One answer per event: does the pattern (the JSON the rule is created with) match it? */
export function eventBridgeMatches(pattern: string, events: readonly unknown[]): boolean[] {
  const output = execFileSync("python3", ["-c", SCRIPT], {
    input: JSON.stringify({ pattern, events }),
    encoding: "utf8",
  });
  return z.array(z.boolean()).length(events.length).parse(JSON.parse(output));
}
