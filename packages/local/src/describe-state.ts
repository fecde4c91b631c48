import * as z from "zod";
import * as Rollback from "@ripcord/core/rollback";

/** What Record and Fail return into the state (core's record/fail results). */
export const Recorded = z.looseObject({
  status: z.string(),
  warnings: z.array(z.string()).optional(),
});
export const Failure = z.looseObject({ status: z.string(), notified: z.boolean().optional() });

export type StateEntry = { label: string; text: string; details?: string[] };

type State = Rollback.RollbackState;

function routing(r: Rollback.Routing): string {
  return Rollback.describeRouting(r);
}

function causeText(error: { Error?: string | undefined; Cause?: string | undefined }): string {
  const cause = error.Cause ?? "";
  const parsed = z.object({ errorMessage: z.string() }).safeParse(safeJson(cause));
  return `${error.Error ?? "error"}${cause ? `: ${parsed.success ? parsed.data.errorMessage : cause.slice(0, 300)}` : ""}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Plain text, not Lambda's JSON error document.
    return undefined;
  }
}

const NOTIFY_KEYS = ["notifySkipped", "notifyHeld", "notifyShifted", "notifyOutcome"] as const;
const WARNING_KEYS = [
  "notifySkippedError",
  "notifyHeldError",
  "notifyShiftedError",
  "notifyOutcomeError",
  "invalidateError",
  "confirmError",
] as const;

/** Lines of the notifications already sent in this execution, so a later one shows only what it adds. */
function sentLines(previous: State | undefined): Set<string> {
  return new Set(NOTIFY_KEYS.flatMap((key) => previous?.[key]?.text.split("\n") ?? []));
}

function describeKey(
  key: string,
  state: State,
  raw: Record<string, unknown>,
  previous: State | undefined,
): StateEntry[] {
  switch (key) {
    case "resolved": {
      const resolved = state.resolved;
      if (!resolved) return [];
      const details = resolved.functions.map(
        (fn) =>
          `${fn.name}:${fn.alias} serves ${routing(fn.routing)}; target ${fn.target ?? "none"} (${fn.targetReason})`,
      );
      return [{ label: "resolve", text: `service ${resolved.service}`, details }];
    }
    case "lock":
      return state.lock
        ? [
            {
              label: "lock",
              text: state.lock.acquired
                ? `acquired by ${state.lock.owner}`
                : `not acquired: ${state.lock.reason ?? "held elsewhere"}`,
            },
          ]
        : [];
    case "verify": {
      const verify = state.verify;
      if (!verify) return [];
      const others = verify.decisions.filter((d) => d.reason !== verify.reason);
      return [
        {
          label: "verdict",
          text: `${verify.verdict} (${verify.action === "shift" ? "roll back" : "leave the alias alone"}): ${verify.reason}`,
          details: others.map((d) => `${d.function}: ${d.verdict}: ${d.reason}`),
        },
      ];
    }
    case "shift": {
      const shift = state.shift;
      if (!shift) return [];
      const details = shift.results.map((r) => {
        const took = r.updatedAt
          ? ` in ${Date.parse(r.updatedAt) - Date.parse(r.startedAt)} ms`
          : "";
        return `${r.function}:${r.alias} ${routing(r.from)} -> version ${r.to}: ${r.status}${took}${r.error ? ` (${r.error})` : ""}`;
      });
      return [
        {
          label: "shift",
          text: shift.shifted ? "alias shifted" : `alias not shifted: ${shift.reason}`,
          details,
        },
      ];
    }
    case "invalidation":
      return state.invalidation
        ? [
            {
              label: "invalidate",
              text: `invalidation ${state.invalidation.id}: ${state.invalidation.status}`,
            },
          ]
        : [];
    case "confirm":
      return state.confirm
        ? [{ label: "recovery", text: `${state.confirm.outcome}: ${state.confirm.reason}` }]
        : [];
    case "recorded": {
      const recorded = Recorded.safeParse(raw.recorded);
      if (!recorded.success) return [];
      return [
        {
          label: "record",
          text: `recorded as ${recorded.data.status}`,
          details: recorded.data.warnings?.map((w) => `warning: ${w}`) ?? [],
        },
      ];
    }
    case "failure": {
      const failure = Failure.safeParse(raw.failure);
      return failure.success
        ? [
            {
              label: "record",
              text: `failure recorded (${failure.data.status})${failure.data.notified === false ? ", notification not delivered" : ""}`,
            },
          ]
        : [];
    }
    case "error":
      return state.error ? [{ label: "failed", text: causeText(state.error) }] : [];
    default:
      break;
  }
  const notifyKey = NOTIFY_KEYS.find((k) => k === key);
  if (notifyKey) {
    const sent = state[notifyKey];
    if (!sent) return [];
    const channels = sent.deliveries
      .map((d) => `${d.channel} ${d.ok ? "sent" : `failed (${d.error ?? "error"})`}`)
      .join(", ");
    const seen = sentLines(previous);
    const lines = sent.text
      .split("\n")
      .slice(1)
      .filter((l) => l !== "");
    const fresh = lines.filter((l) => !seen.has(l));
    const details =
      fresh.length < lines.length
        ? [...fresh, "(the other lines as in the notification above)"]
        : lines;
    return [
      {
        label: "notify",
        text: `${sent.subject}${channels ? ` [${channels}]` : " [no channel]"}`,
        details,
      },
    ];
  }
  const warningKey = WARNING_KEYS.find((k) => k === key);
  const warning = warningKey ? state[warningKey] : undefined;
  return warning
    ? [{ label: "warning", text: `${key.replace(/Error$/, "")} failed: ${causeText(warning)}` }]
    : [];
}

const ORDER = [
  "resolved",
  "lock",
  "verify",
  "shift",
  ...NOTIFY_KEYS,
  "invalidation",
  "confirm",
  ...WARNING_KEYS,
  "error",
  "recorded",
  "failure",
];

/** What of a field is worth a new line: an invalidation's repeated checks matter only when its status changes. */
function shown(key: string, value: unknown): string {
  const invalidation =
    key === "invalidation" ? Rollback.InvalidationResult.safeParse(value) : undefined;
  return JSON.stringify(
    invalidation?.success ? [invalidation.data.id, invalidation.data.status] : value,
  );
}

/** The timeline entries for what a state added or changed since the previous state of the same execution. */
export function describeChanges(
  previous: Record<string, unknown> | undefined,
  next: Record<string, unknown>,
): StateEntry[] {
  const parsed = Rollback.RollbackState.safeParse(next);
  if (!parsed.success) return [];
  const before = Rollback.RollbackState.safeParse(previous);
  return ORDER.filter(
    (key) => next[key] !== undefined && shown(key, next[key]) !== shown(key, previous?.[key]),
  ).flatMap((key) => describeKey(key, parsed.data, next, before.success ? before.data : undefined));
}
