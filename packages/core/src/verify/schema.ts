import * as z from "zod/mini";
import { SIGNAL_SOURCES } from "../signals/index.ts";
import type { Decision } from "./types.ts";

const numbers = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

/** One alarm's verdict with its reason and numbers, as stored and carried in the execution state. */
export const DecisionSchema = z.object({
  verdict: z.enum(["rollback", "hold", "inconclusive"]),
  rule: z.enum(["target", "attributable", "baseline", "effect"]),
  reason: z.string(),
  alarm: z.string(),
  function: z.string(),
  currentVersion: z.optional(z.string()),
  targetVersion: z.optional(z.string()),
  signal: z.optional(z.enum(SIGNAL_SOURCES)),
  numbers,
}) satisfies z.ZodMiniType<Decision>;
