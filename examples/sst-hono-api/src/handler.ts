import { handle } from "hono/aws-lambda";
import { createApp } from "./app.ts";

/**
 * The Lambda entry point behind the function URL (payload format 2.0). `DEMO_RELEASE` is set per
 * deploy; a published Lambda version keeps the environment it was published with. No instrument
 * options here: `ripcordHono()` (registered in createApp) then writes each request's EMF line to
 * stdout itself, where CloudWatch Logs reads the metrics from it.
 */
export const handler = handle(createApp({ release: process.env.DEMO_RELEASE ?? "1" }));
