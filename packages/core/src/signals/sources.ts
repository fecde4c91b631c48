/**
 * Where a service's "failing" is read from: one table for the alarm specs, Verify, Confirm, the
 * re-checks, notifications, charts, reports, the sandbox's publisher and the bench. Inside Ripcord
 * the measures are generic (requests, errors, latency); this table names them per source.
 *
 * Sources (docs/design.md "Signals"):
 * - lambda: AWS/Lambda Invocations / Errors / Duration. Lambda counts an invocation as an error
 *   only when the function throws or times out, so a web app answering 500 never moves it.
 * - url: AWS/Lambda UrlRequestCount / Url5xxCount / UrlRequestLatency, the function URL metrics
 *   ("Monitoring Lambda functions: function URL metrics", Lambda Developer Guide; 5xx counts
 *   function errors and timeouts too).
 * - emf: the instrument's Embedded Metric Format lines, namespace Ripcord, Requests / Errors5xx /
 *   Latency (packages/instrument).
 */
export type SignalSource = "lambda" | "url" | "emf";

export const SIGNAL_SOURCES = ["lambda", "url", "emf"] as const satisfies readonly SignalSource[];

/** The three generic measures, named as Ripcord's query ids (CloudWatch ids start lower-case). */
export type Measure = "requests" | "errors" | "latency";

export interface SourceMetrics {
  namespace: string;
  /** CloudWatch metric name per generic measure. */
  metrics: Record<Measure, string>;
  /** How notifications and reports name the error measure. */
  errorWording: string;
  /** Whether CloudWatch has sub-minute data for it: only then may alarms use 10, 20 or 30 s periods. */
  highResolution: boolean;
  /** When the source fits, for the config's error message and the README. */
  fits: string;
}

export const SOURCES: Readonly<Record<SignalSource, SourceMetrics>> = {
  lambda: {
    namespace: "AWS/Lambda",
    metrics: { requests: "Invocations", errors: "Errors", latency: "Duration" },
    errorWording: "Lambda errors",
    highResolution: false,
    fits: "functions whose failures throw: queue workers, event handlers",
  },
  url: {
    namespace: "AWS/Lambda",
    metrics: { requests: "UrlRequestCount", errors: "Url5xxCount", latency: "UrlRequestLatency" },
    errorWording: "HTTP 5xx rate",
    highResolution: false,
    fits: "HTTP functions behind a function URL or an sst.aws.Router",
  },
  emf: {
    namespace: "Ripcord",
    metrics: { requests: "Requests", errors: "Errors5xx", latency: "Latency" },
    errorWording: "HTTP 5xx rate",
    highResolution: true,
    fits: "anything instrumented with @ripcord/instrument; the only source for 10, 20 or 30 s periods",
  },
};

/**
 * The publication model the sandbox and the bench use (docs/design.md "Signals"). AWS documents
 * no figure, so it is fixed here, in one place: a 1-minute AWS/Lambda datapoint becomes visible
 * 90 s after its period ends; an EMF datapoint 15 s after the request.
 */
export const PUBLICATION_DELAY_SECONDS: Readonly<Record<SignalSource, number>> = {
  lambda: 90,
  url: 90,
  emf: 15,
};

/** How often CloudWatch evaluates an alarm: each minute, or each 10 s for high-resolution periods. */
export function evaluationIntervalSeconds(periodSeconds: number): number {
  return periodSeconds < 60 ? 10 : 60;
}

/** "url (HTTP functions behind ...)" for each source: what the config error lists. */
export function describeSources(): string {
  return SIGNAL_SOURCES.map((source) => `"${source}" (${SOURCES[source].fits})`).join("; ");
}
