/**
 * Number and time formats for messages. Kept here rather than borrowed from verify/ so a change
 * to the decision's wording never shifts what the notification fixtures freeze.
 */

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** A configured threshold as written ("5%", "2.5%"), not padded to two decimals. */
export function thresholdPercent(value: number): string {
  return `${value}%`;
}

export function millis(value: number): string {
  return `${count(Math.round(value))} ms`;
}

/** "0.0628", "2.24e-72", or "< 1e-300" where the probability underflows. */
export function pValue(p: number): string {
  if (p < 1e-300) return "< 1e-300";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(4);
}

/** "14:03:00Z": the time of day in UTC; the message's context line carries the date. */
export function clock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(11, 19)}Z`;
}

/** "13:57-14:00Z" */
export function span(fromIso: string, toIso: string): string {
  return `${clock(fromIso).slice(0, 5)}-${clock(toIso).slice(0, 5)}Z`;
}

/** Slack mrkdwn treats &, < and > as control characters ("p < 0.01" would swallow the text after it). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A caught step error in words. Step Functions wraps a Lambda error as JSON in Cause; its message is
 * what a person needs, the error type only when there is no message.
 */
export function stepErrorText(
  error: { Error?: string | undefined; Cause?: string | undefined } | undefined,
): string {
  return error?.Cause ? causeMessage(error.Cause) : (error?.Error ?? "error");
}

/** The message inside a Step Functions Cause (Lambda's JSON error document), or the cause as text. */
export function causeMessage(cause: string): string {
  try {
    const parsed: unknown = JSON.parse(cause);
    if (
      parsed &&
      typeof parsed === "object" &&
      "errorMessage" in parsed &&
      typeof parsed.errorMessage === "string"
    )
      return truncate(parsed.errorMessage, 500);
  } catch {
    // Not JSON: the cause is already plain text.
  }
  return truncate(cause, 500);
}
