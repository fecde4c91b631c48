import type { Routing, RollbackState, ShiftOutcome } from "../state/index.ts";

/** One alias: where it was, where Ripcord sent it (or would have), and what happened. */
export interface VersionChange {
  function: string;
  alias: string;
  /** The alias before: a version, and weights for a canary. */
  from: Routing;
  to?: string;
  status: ShiftOutcome["status"] | "left-alone";
  detail?: string;
  /** ISO time the alias was written. */
  at?: string;
}

export function routingText(routing: Routing): string {
  const weights = Object.entries(routing.weights).map(
    ([version, weight]) => ` + ${version} at ${Math.round(weight * 100)}%`,
  );
  return `${routing.version}${weights.join("")}`;
}

/** The shift's results when it ran, else each function's plan as Resolve saw it. */
export function versionChanges(state: RollbackState): VersionChange[] {
  if (state.shift) {
    return state.shift.results.map((r) => ({
      function: r.function,
      alias: r.alias,
      from: r.from,
      to: r.to,
      status: r.status,
      ...(r.error && { detail: r.error }),
      ...(r.updatedAt &&
        (r.status === "shifted" || r.status === "already-there") && { at: r.updatedAt }),
    }));
  }
  return (state.resolved?.functions ?? []).map((fn) => ({
    function: fn.name,
    alias: fn.alias,
    from: fn.routing,
    ...((state.verify?.targets[fn.name] ?? fn.target) !== undefined && {
      to: state.verify?.targets[fn.name] ?? fn.target,
    }),
    status: "left-alone" as const,
  }));
}

/** "shop-api:production 3 -> 2" */
export function changeText(change: VersionChange): string {
  const name = `${change.function}:${change.alias}`;
  const from = routingText(change.from);
  switch (change.status) {
    case "shifted":
      return `${name} ${from} -> ${change.to}`;
    case "already-there":
      return `${name} ${from} -> ${change.to} (already there)`;
    case "moved":
      return `${name} ${from} -> ${change.to} not done: a newer deploy moved the alias; left alone`;
    case "failed":
      return `${name} ${from} -> ${change.to} failed: ${change.detail ?? "no detail"}`;
    case "left-alone":
      return `${name} stays on ${from}${change.to ? ` (last known-good: ${change.to})` : " (no known-good release to return to)"}`;
  }
}

/** "checkout-api 3 -> 2" for the title: one function by name, several counted. */
export function changesSummary(changes: VersionChange[]): string {
  const moved = changes.filter((c) => c.status === "shifted" || c.status === "already-there");
  const [only] = moved;
  if (moved.length === 1 && only) return `${only.function} ${routingText(only.from)} -> ${only.to}`;
  return `${moved.length} functions to their last known-good versions`;
}
