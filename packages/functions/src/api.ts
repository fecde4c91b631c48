import "./lib/jitless.ts";
import "./api/fetch/install.ts";
import { handle } from "hono/aws-lambda";
import { app } from "./api/app.ts";

/** The API behind a Lambda function URL. */
export const handler = handle(app);
