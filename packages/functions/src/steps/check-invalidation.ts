import "../lib/jitless.ts";
import * as z from "zod/mini";
import * as Rollback from "@ripcord/core/rollback";
import { stepHandler } from "../lib/handler.ts";

const Input = z.object({
  invalidation: Rollback.InvalidationResult,
  resolved: Rollback.Resolved,
  maxChecks: z.number().check(z.int(), z.positive()),
});

export const handler = stepHandler(
  "checkInvalidation",
  Input,
  ({ invalidation, resolved, maxChecks }) =>
    Rollback.checkInvalidation(invalidation, resolved, maxChecks),
);
