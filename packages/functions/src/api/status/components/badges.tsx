import type * as History from "@ripcord/core/history";

const TONE: Record<History.RollbackStatus, string> = {
  running: "neutral",
  "rolled-back": "good",
  "rolled-back-with-warnings": "warn",
  held: "neutral",
  failed: "bad",
  aborted: "warn",
};

/** The status in words and in a coloured outline: the words carry the meaning, the colour only repeats it. */
export function StatusBadge({ status }: { status: History.RollbackStatus }) {
  return <span class={`status ${TONE[status]}`}>{status.replace(/-/g, " ")}</span>;
}

/** "14:28:00Z" inside a <time> that machines can read whole. */
export function Time({ iso, withDate = false }: { iso: string; withDate?: boolean }) {
  const text = withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z` : `${iso.slice(11, 19)}Z`;
  return <time datetime={iso}>{text}</time>;
}
