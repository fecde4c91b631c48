/**
 * The Hono API on Lambda, served through the Router. Ripcord rolls it back by moving an alias, so
 * its traffic has to flow through one: `versioning: true` publishes a version on each deploy that
 * changes the code or the environment, the tags let Ripcord find the function, and guard() puts
 * the alias, the function URL on the alias and the Router route in place of SST's `url` option
 * (which would serve `$LATEST`).
 */
import { guard, ripcordTags } from "@ripcord/sst";
import { router } from "./router.ts";

export const api = new sst.aws.Function("Api", {
  handler: "src/handler.handler",
  versioning: true,
  tags: ripcordTags("api"),
  environment: {
    // The demo app's release: 3 is the bad one (about 9% of order lookups answer 500). A version
    // keeps the environment it was published with, so a rollback brings the old value back too.
    DEMO_RELEASE: process.env.DEMO_RELEASE ?? "1",
  },
});

export const guarded = guard(api, { service: "api", router: { instance: router } });
